# 客户端
import socket

HostPort = ('192.168.247.1', 12345)
udpClisock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while 1:
    msg = input('请输入传输内容：')
    if not msg or msg == 'quit':
        break
    udpClisock.sendto(msg.encode('utf-8'), HostPort)
    reply, addr = udpClisock.recvfrom(1024)
    print('客户端接收信息为：{0}'.format(reply.decode('utf-8')))
udpClisock.close()
