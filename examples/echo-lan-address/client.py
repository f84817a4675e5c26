from socket import *

ADDR = ('192.168.247.1', 12345)
MSG = b'Hello, world'

tcpCliSock = socket(AF_INET, SOCK_STREAM)
tcpCliSock.connect(ADDR)
tcpCliSock.sendall(MSG)
data = b''
while len(data) < len(MSG):
    part = tcpCliSock.recv(1024)
    if not part:
        break
    data += part
tcpCliSock.close()
print('Received', repr(data))
