import socket

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(('127.0.0.1', 8888))
client.sendall('Hello, world'.encode('utf-8'))
data = client.recv(1024)
print('Received', data.decode('utf-8'))
client.close()
