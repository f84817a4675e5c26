import socket

HOST = '::1'
PORT = 65432

with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(b'Hello, world')
    data = b''
    while len(data) < 12:
        more = s.recv(1024)
        if not more:
            break
        data += more

print('Received', repr(data))
