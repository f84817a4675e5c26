# 服务端 as the tutorial writes it: fixed address, send() per line of the file, one recv() for
# the acknowledgement, and no care for a client that leaves.
import socket
import os

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('192.168.247.1', 12345))
server.listen(10)
name = 'python.jpg'
while 1:
    conn, address = server.accept()
    with open(name, 'rb') as picture:
        size = os.stat(name).st_size
        conn.send(str(size).encode('utf-8'))
        reply = conn.recv(1024).decode('utf-8')
        for line in picture:
            conn.send(line)
