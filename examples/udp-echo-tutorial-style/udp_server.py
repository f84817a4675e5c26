#!/usr/bin/env python3
# -*- coding:utf-8 -*-
import socket

BUF_SIZE = 1024  # 缓冲区大小
server_addr = ('127.0.0.1', 8888)  # 服务器的IP和端口
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(server_addr)
while True:
    print("waitting for data")
    data, client_addr = server.recvfrom(BUF_SIZE)  # 收数据，也收到客户端的地址
    print('Connected by', client_addr, ' Receive Data : ', data)
    server.sendto(data, client_addr)  # 原样发回去
server.close()
