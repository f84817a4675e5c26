#!/usr/bin/env python3
# Ack server: answers every message with the tutorial's sentence, one client after another.
import socket

HOST = '192.168.1.100'
PORT = 8001

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(5)
print('Server start at: %s:%s' % (HOST, PORT))
print('wait for connection...')

while True:
    conn, addr = s.accept()
    print('Connected by ', addr)
    with conn:
        while True:
            try:
                data = conn.recv(1024)
            except ConnectionResetError:
                break
            if not data:
                break
            print(data.decode('utf-8', errors='replace'))
            conn.sendall(b'server received you message.')
    print('Disconnected', addr)
