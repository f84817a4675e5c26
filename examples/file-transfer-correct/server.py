#!/usr/bin/env python3
# Sends python.jpg to every client: its size as text, then (after the client's
# acknowledgement) the file itself. A client that leaves early ends only its own transfer.
import os
import socket
import sys

HOST, PORT = '127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 12345
FILE = 'python.jpg'
ACK = b'Ready to recv file'


def read_exactly(conn, n):
    """Receives exactly n bytes, or fewer if the client closes first."""
    buf = b''
    while len(buf) < n:
        part = conn.recv(n - len(buf))
        if not part:
            break
        buf += part
    return buf


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, PORT))
    server.listen()
    while True:
        conn, addr = server.accept()
        with conn:
            try:
                conn.sendall(str(os.path.getsize(FILE)).encode())
                if read_exactly(conn, len(ACK)) != ACK:
                    print(addr, 'did not acknowledge; skipped')
                    continue
                with open(FILE, 'rb') as f:
                    conn.sendfile(f)
                print('sent', FILE, 'to', addr)
            except (ConnectionError, TimeoutError) as e:
                print(addr, 'left during the transfer:', e)
