#!/usr/bin/env python3
# Echo server: serves one client after another, echoing every message until the client leaves.
import socket

BUF_SIZE = 1024
server_addr = ('127.0.0.1', 8888)

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(server_addr)
server.listen(5)
print('Socket listening on', server_addr)
while True:
    client, client_addr = server.accept()
    print('Connected by', client_addr)
    with client:
        while True:
            try:
                data = client.recv(BUF_SIZE)
            except ConnectionResetError:
                break
            if not data:
                break
            print(data)
            client.sendall(data)
    print('Client', client_addr, 'left')
