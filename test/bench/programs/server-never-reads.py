# A server that listens on the assigned port and then never accepts, reads or answers:
# the benchmark times how long sockgrade takes to give a verdict on it (it must be the bound).
import os
import socket
import threading

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((os.environ['HOST'], int(os.environ['PORT'])))
    server.listen()
    threading.Event().wait()
