# 客户端 as the tutorial writes it: fixed address, one recv() for the size, recv(1024 * 5) until
# the size is reached, every piece written whole.
import socket

conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
conn.connect(('192.168.247.1', 12345))
answer = conn.recv(1024).decode('utf-8')
size = int(answer)
print('图片大小：', size)
conn.send('Ready to recv file'.encode('utf-8'))
got = 0
with open('python1.jpg', 'wb') as picture:
    while got < size:
        data = conn.recv(1024 * 5)
        got = got + len(data)
        picture.write(data)
    else:
        print('传输完毕')
