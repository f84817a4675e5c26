#!/usr/bin/env python3
# Downloads python.jpg as python1.jpg. The size arrives without a terminator, so it is read
# until the server goes quiet (it is waiting for our acknowledgement).
import socket
import sys

HOST, PORT = '127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 12345
ACK = b'Ready to recv file'

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
    sock.connect((HOST, PORT))
    header = sock.recv(64)
    sock.settimeout(0.3)
    try:
        while True:
            more = sock.recv(64)
            if not more:
                break
            header += more
    except socket.timeout:
        pass
    sock.settimeout(None)
    size = int(header)
    print('file size:', size)
    sock.sendall(ACK)
    received = 0
    with open('python1.jpg', 'wb') as out:
        while received < size:
            data = sock.recv(min(65536, size - received))
            if not data:
                break
            out.write(data)
            received += len(data)
if received < size:
    sys.exit(f'the server closed the connection after {received} of {size} bytes')
print('传输完毕')
