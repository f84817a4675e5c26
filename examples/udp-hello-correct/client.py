# UDP hello client: sends each typed line, prints the reply; quit or an empty line ends it.
# A reply may be lost: wait one second, then send the line again (up to 5 times).
import socket

ADDRESS = ('192.168.247.1', 12345)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1.0)
while True:
    line = input('请输入传输内容：')
    if not line or line == 'quit':
        break
    for attempt in range(5):
        sock.sendto(line.encode('utf-8'), ADDRESS)
        try:
            reply, _ = sock.recvfrom(1024)
        except socket.timeout:
            continue
        print('客户端接收信息为：' + reply.decode('utf-8', errors='replace'))
        break
    else:
        print('no reply from the server')
sock.close()
