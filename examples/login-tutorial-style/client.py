# 客户端 — the 作业 login client as the tutorial prints it, except for connect(): the tutorial's
# sock.connect('192.168.0.1',8001) is a TypeError (connect takes one (host, port) tuple), so it
# never runs as printed; with that fixed, this is the tutorial's client.
import socket

sock = socket.socket()  # TCP协议
sock.connect(('192.168.0.1',8001))
while 1:
    user = input('用户名>>>')
    pwd = input('密码>>>')
    val = ("%s|%s"%(user,pwd)).encode('utf8')
    sock.send(val)
    response = sock.recv(1024)
    print(response.decode('utf8'))
    if response.decode('utf8') == 'success':
        break
    else:
        print('用户名或密码错误')
        continue
