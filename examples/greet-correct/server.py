# A greet server that serves every client, one after another, and survives one that has gone.
import socket
import sys

HOST, PORT = sys.argv[1], int(sys.argv[2])
GREETING = '成功连接到服务器 socket message'.encode('utf-8')

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, PORT))
    server.listen()
    print('start Socket server on', PORT)
    while True:
        conn, addr = server.accept()
        with conn:
            try:
                conn.sendall(GREETING)
            except OSError as error:
                print(addr, 'left before the greeting:', error)
