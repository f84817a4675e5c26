#!/usr/bin/env python3
# coding: utf-8
# The tutorial's web server, fixed: it reads the browser's whole request (the headers end at a
# blank line) and answers in HTTP/1.1, with a status line and headers before the page.
import socket

PAGE = '<h1>welcome nginx</h1>'.encode('utf-8')
HEAD = ('HTTP/1.1 200 OK\r\n'
        'Content-Type: text/html; charset=utf-8\r\n'
        'Content-Length: %d\r\n'
        'Connection: close\r\n'
        '\r\n' % len(PAGE)).encode('ascii')

web = socket.socket()
web.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
web.bind(('127.0.0.1', 8080))
web.listen(5)
print('nginx waiting...')
while True:
    conn, addr = web.accept()
    request = b''
    while b'\r\n\r\n' not in request:
        chunk = conn.recv(1024)
        if not chunk:
            break
        request += chunk
    print(request.split(b'\r\n', 1)[0])
    if request:
        conn.sendall(HEAD + PAGE)
    conn.close()
