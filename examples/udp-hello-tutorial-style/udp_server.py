# 服务端
import socket

HostPort = ('192.168.247.1', 12345)
udpSerSock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udpSerSock.bind(HostPort)
while 1:
    # 收到的数据和对方的地址
    data, addr = udpSerSock.recvfrom(1024)
    text = data.decode('utf-8')
    print('接收信息：', text)
    udpSerSock.sendto('hello {0}'.format(text).encode('utf-8'), addr)
