#!/usr/bin/env python3
# Echo client: sends each line the user types and prints the echo; skips empty lines; stops at the
# end of input (Ctrl-D) or when the server closes.
import socket

BUF_SIZE = 1024
server_addr = ('127.0.0.1', 8888)

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(server_addr)
while True:
    try:
        data = input('Please input some string > ')
    except EOFError:
        print()
        break
    if not data:
        print("input can't empty, Please input again..")
        continue
    client.sendall(data.encode())
    reply = client.recv(BUF_SIZE)
    if not reply:
        print('The server closed the connection.')
        break
    print(reply.decode(errors='replace'))
client.close()
