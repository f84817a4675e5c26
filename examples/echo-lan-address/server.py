# 回声服务器：收到什么就发回什么
from socket import *

ADDR = ('192.168.247.1', 12345)

tcpSerSock = socket(AF_INET, SOCK_STREAM)
tcpSerSock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
tcpSerSock.bind(ADDR)
tcpSerSock.listen(5)
print('等待客户端连接...')
while True:
    tcpCliSock, addr = tcpSerSock.accept()
    print('连接来自：', addr)
    while True:
        data = tcpCliSock.recv(1024)
        if not data:
            break
        tcpCliSock.sendall(data)
    tcpCliSock.close()
