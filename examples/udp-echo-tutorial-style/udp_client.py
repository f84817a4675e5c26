#!/usr/bin/env python3
# -*- coding:utf-8 -*-
import socket

BUF_SIZE = 1024  # 缓冲区大小
server_addr = ('127.0.0.1', 8888)  # 服务器的IP和端口
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

while True:
    data = input('Please Input data > ')
    client.sendto(data.encode(), server_addr)  # 发给服务器
    data, addr = client.recvfrom(BUF_SIZE)  # 等服务器的回复
    print("Data : ", data.decode())
client.close()
