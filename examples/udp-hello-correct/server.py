# UDP hello server: answers every datagram with b'hello ' + the datagram, to whoever sent it.
import socket

ADDRESS = ('192.168.247.1', 12345)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(ADDRESS)
while True:
    data, sender = sock.recvfrom(1024)
    print('接收信息：', data.decode('utf-8', errors='replace'), 'from', sender)
    sock.sendto(b'hello ' + data, sender)
