# UDP echo server: every datagram goes back, byte for byte, to the address it came from.
import socket

SERVER = ('127.0.0.1', 8888)

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(SERVER)
while True:
    data, client = server.recvfrom(1024)
    print(client, 'sent', data)
    server.sendto(data, client)
