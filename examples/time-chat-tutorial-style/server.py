# 服务端 — the TCP聊天室 server as the tutorial prints it.
import socket
import time

serversocket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
port = 12345
serversocket.bind(('192.168.247.1', port))
serversocket.listen(10)
print('start Socket server')

while True:
    # 阻塞等待链接，创建套接字clientSocket链接和地址信息addr
    tcpCliSock, addr = serversocket.accept()
    print('从{0}连接上客户端'.format(addr))

    while True:
        # 接收客户端数据
        client_data = tcpCliSock.recv(1024).decode('utf-8')
        print('服务器接收消息：', client_data)

        # 如果客户端输入空格或quit，就退出循环，释放掉客户端连接
        if not client_data or client_data == 'quit':
            break

        msg = '服务器当前时间={0}'.format(time.ctime())
        tcpCliSock.send(msg.encode('utf-8'))

    tcpCliSock.close()

# 关闭连接
serversocket.close()
