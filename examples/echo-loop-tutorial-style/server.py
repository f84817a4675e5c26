#!/usr/bin/env python3
# -*- coding:utf-8 -*-
# The tutorial's server with error handling (§2.2.1), ported to Python 3 as a learner would.

import sys
import socket

BUF_SIZE = 1024
server_addr = ('127.0.0.1', 8888)
try:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
except socket.error as msg:
    print("Creating Socket Failure. Error Code : " + str(msg.errno) + " Message : " + str(msg))
    sys.exit()
print("Socket Created!")
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    server.bind(server_addr)
except socket.error as msg:
    print("Binding Failure. Error Code : " + str(msg.errno) + " Message : " + str(msg))
    sys.exit()
print("Socket Bind!")
server.listen(5)
print("Socket listening")
while True:
    client, client_addr = server.accept()
    print('Connected by', client_addr)
    while True:
        data = client.recv(BUF_SIZE)
        print(data)
        client.sendall(data)
server.close()
