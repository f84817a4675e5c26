from socket import *

client = socket(AF_INET, SOCK_STREAM)
client.connect(('127.0.0.1', 8888))
client.send(b'Hello, world')
echo = b''
while len(echo) < 12:
    echo += client.recv(1024)
print('Received', echo)
client.close()
