# A one-shot chat server: one message per client, answered; a silent client, a client that has
# gone and a message cut in the middle of a character each cost only that client.
import socket
import sys

HOST, PORT = sys.argv[1], int(sys.argv[2])
ANSWER = '不要回答,不要回答,不要回答'.encode('utf-8')

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, PORT))
    server.listen()
    print('server waiting on', PORT)
    while True:
        conn, addr = server.accept()
        with conn:
            try:
                message = conn.recv(1024)
                if not message:
                    print(addr, 'left without a message')
                    continue
                print(addr, 'says', message.decode('utf-8', errors='replace'))
                conn.sendall(ANSWER)
            except OSError as error:
                print(addr, 'went away:', error)
