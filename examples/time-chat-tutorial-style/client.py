# 客户端 — the TCP聊天室 client as the tutorial prints it.
import socket

tcpClisock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
port = 12345
tcpClisock.connect(('192.168.247.1', port))
print('start Socket client')

while 1:
    data = input('请输入用户端发送内容：')
    if not data:
        break
    tcpClisock.send(data.encode('utf-8'))
    client_data = tcpClisock.recv(1024)
    if not client_data:
        break

    print('客户端接收的消息为：', client_data.decode('utf-8'))

tcpClisock.close()
