#!/usr/bin/env python
#coding:utf-8
# service端 — written the way seed 002 (简单的聊天工具) writes it: one recv(1024), the message
# decoded with str(..., 'utf8'), sendall of the answer, and nothing around the conversation.
import socket

ip_port = ('127.0.0.1', 9999)
sk = socket.socket()
sk.bind(ip_port)
sk.listen(5)
while True:
    print('server waiting...')
    conn, addr = sk.accept()
    client_data = conn.recv(1024)
    print(str(client_data, 'utf8'))
    conn.sendall(bytes('不要回答,不要回答,不要回答', 'utf8'))
    conn.close()
