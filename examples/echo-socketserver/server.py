import socketserver


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        print('connected by', self.client_address)
        while True:
            data = self.request.recv(1024)
            if not data:
                break
            self.request.sendall(data)


if __name__ == '__main__':
    server = socketserver.ThreadingTCPServer(('127.0.0.1', 8009), EchoHandler)
    print('server waiting...')
    server.serve_forever()
