# 服务端 — the 作业 login server as the tutorial prints it.
import socket

server = socket.socket()  # TCP协议
IP_PORT = ('192.168.0.1',8001)
server.bind(IP_PORT)
server.listen(5)
while 1:
    conn,addr = server.accept()
    while 1:
        try:
            data = conn.recv(1024).decode('utf8')
            print('接收信息：',data)
            user,pwd = data.split('|')
            # 文件操作
            flag = False
            with open('account','r') as f:
                for line in f:
                    username,password = line.strip().split(':')
                    if username == user and password == pwd:
                        flag = True
                        break
            if flag:
                conn.send(b'success')
            else:
                conn.send(b'fail')
        except Exception as e:
            break
