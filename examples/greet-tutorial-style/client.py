# 客户端 — in the tutorial's style: the module name reused for the socket, one recv(1024)
# decoded at once.
import socket

socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
port = 12345
socket.connect(('192.168.247.1', port))
print('start Socket client')

msg = socket.recv(1024).decode('utf-8')
print('client receive message={0}'.format(msg))
socket.close()
