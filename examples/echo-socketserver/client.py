import socket

sk = socket.create_connection(('localhost', 8009))
sk.sendall(b'Hello, world')
reply = b''
while len(reply) < 12:
    chunk = sk.recv(1024)
    if not chunk:
        break
    reply += chunk
sk.close()
print('Received', reply)
