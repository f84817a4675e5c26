# 服务端 — written the way seed 001 (简单的TCP socket示例) writes it: a LAN address typed in,
# send() of the encoded greeting, close, and nothing around the conversation.
import socket

serversocket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
port = 12345
serversocket.bind(('192.168.247.1', port))
serversocket.listen(10)
print('start Socket server')

while True:
    clientSocket, add = serversocket.accept()
    msg = '成功连接到服务器 socket message'
    clientSocket.send(msg.encode('utf-8'))
    clientSocket.close()
serversocket.close()
