from socket import *

server = socket(AF_INET, SOCK_STREAM)
server.bind(('', 8888))
server.listen(5)
conn, addr = server.accept()
while True:
    msg = conn.recv(1024)
    conn.send(msg)
