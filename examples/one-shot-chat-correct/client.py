# A one-shot chat client: sends yaoyao, reads the answer until the server closes, decodes once.
import socket
import sys

HOST, PORT = sys.argv[1], int(sys.argv[2])

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
    client.connect((HOST, PORT))
    client.sendall('yaoyao'.encode('utf-8'))
    answer = bytearray()
    while chunk := client.recv(1024):
        answer += chunk
print(answer.decode('utf-8'))
