# UDP echo client: sends each typed line and prints the echo; a lost echo is asked for again.
import socket

SERVER = ('127.0.0.1', 8888)

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(1.0)
while True:
    try:
        line = input('Please Input data > ')
    except EOFError:
        break
    for attempt in range(5):
        client.sendto(line.encode('utf-8'), SERVER)
        try:
            data, _ = client.recvfrom(1024)
        except socket.timeout:
            continue
        print('Data : ' + data.decode('utf-8', errors='replace'))
        break
    else:
        print('the server did not answer')
client.close()
