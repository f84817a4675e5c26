#!/usr/bin/env python3
# -*- coding:utf-8 -*-
# The tutorial's client with error handling (§2.2.1), ported to Python 3 as a learner would.

import sys
import socket

BUF_SIZE = 1024
server_addr = ('127.0.0.1', 8888)
try:
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
except socket.error as msg:
    print("Creating Socket Failure. Error Code : " + str(msg.errno) + " Message : " + str(msg))
    sys.exit()
client.connect(server_addr)
while True:
    data = input("Please input some string > ")
    if not data:
        print("input can't empty, Please input again..")
        continue
    client.sendall(data.encode())
    data = client.recv(BUF_SIZE)
    print(data.decode())
client.close()
