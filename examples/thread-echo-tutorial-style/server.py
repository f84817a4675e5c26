# 服务端
import socket
import threading


def main():
    sSocket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sSocket.bind(('192.168.247.1', 12345))
    sSocket.listen(10)
    print('开启服务器')

    while 1:
        cSocket, addr = sSocket.accept()
        print('客户端{0}连接到服务器'.format(addr))
        thr1 = threading.Thread(target=recvMsg, args=(cSocket, addr))
        thr1.start()


def recvMsg(cSocket, addr):
    while 1:
        msg_bytes = cSocket.recv(1024)
        msg = msg_bytes.decode('utf-8')
        print('从{0}客户端接收到信息：{1}'.format(addr, msg))
        if not msg or msg == 'quit':
            print('关闭客户端{0}连接'.format(addr))
            cSocket.close()
            break
        cSocket.send(msg_bytes)


if __name__ == '__main__':
    main()
