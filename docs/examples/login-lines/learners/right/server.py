import socket


def check(line):
    if '|' not in line:
        return 'fail'
    user, pwd = line.split('|', 1)
    with open('account', encoding='utf-8') as f:
        for entry in f:
            entry = entry.strip()
            if entry and entry == user + ':' + pwd:
                return 'success'
    return 'fail'


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', 9999))
server.listen(5)
while True:
    conn, addr = server.accept()
    buffer = b''
    while True:
        data = conn.recv(1024)
        if not data:
            break
        buffer += data
        while b'\n' in buffer:
            line, buffer = buffer.split(b'\n', 1)
            answer = check(line.decode('utf-8', errors='replace').rstrip('\r'))
            conn.sendall((answer + '\n').encode('utf-8'))
    conn.close()
