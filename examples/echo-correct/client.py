import socket

HOST = '127.0.0.1'
PORT = 65432
MESSAGE = b'Hello, world'

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(MESSAGE)
    received = b''
    while len(received) < len(MESSAGE):
        part = s.recv(1024)
        if not part:
            print('server closed the connection early')
            break
        received += part

print('Received', repr(received))
