#!/usr/bin/env python
#coding:utf-8
# client端 — in the tutorial's style: sendall of the message, one recv(1024) taken as the answer.
import socket

ip_port = ('127.0.0.1', 9999)
sk = socket.socket()
sk.connect(ip_port)
sk.sendall(bytes('yaoyao', 'utf8'))
server_reply = sk.recv(1024)
print(str(server_reply, 'utf8'))
sk.close()
