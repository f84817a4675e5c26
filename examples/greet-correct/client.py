# A greet client that reads until the server closes and decodes the whole message once.
import socket
import sys

HOST, PORT = sys.argv[1], int(sys.argv[2])

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
    client.connect((HOST, PORT))
    data = bytearray()
    while chunk := client.recv(1024):
        data += chunk
print('client receive message=' + data.decode('utf-8'))
