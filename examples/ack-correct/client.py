#!/usr/bin/env python3
# Ack client: sends each line the user types and prints the server's answer; stops at the end of
# input (Ctrl-D) or when the server closes.
import socket

HOST = '192.168.1.100'
PORT = 8001

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))

while True:
    try:
        cmd = input('Please input msg:')
    except EOFError:
        break
    if not cmd:
        continue
    s.sendall(cmd.encode())
    data = s.recv(1024)
    if not data:
        print('The server closed the connection.')
        break
    print(data.decode())

s.close()
