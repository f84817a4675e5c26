# 客户端
import socket
import threading
import time

cSocket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cSocket.connect(('192.168.247.1', 12345))
msg = ''
running = True


def recvMsg():
    global running

    while running:
        msg_bytes = cSocket.recv(1024)
        msg = msg_bytes.decode('utf-8')
        print('\n从服务器接收的信息：{0}\n'.format(msg))
        time.sleep(1)


def sendMsg():
    global running

    while running:
        msg = input('请输入要传输的内容：')
        msg_bytes = msg.encode('utf-8')
        cSocket.send(msg_bytes)

        if msg == 'exit':
            running = False
            break


if __name__ == '__main__':
    thr1 = threading.Thread(target=recvMsg, args=(), name='recv_thread')
    thr2 = threading.Thread(target=sendMsg, args=(), name='send_thread')
    thr1.start()
    thr2.start()
