# sockgrade's Python shim, loaded by every Python 3 interpreter started with this folder on
# PYTHONPATH. It makes tutorial code with hard-coded addresses gradable and can make send()
# behave as on a real network. Configured by the environment:
#   SOCKGRADE_ROLE      server | client
#   SOCKGRADE_HOST/PORT the address the harness assigned
#   SOCKGRADE_REDIRECT  1 to redirect bind/connect/sendto to that address
#   SOCKGRADE_MAX_SEND  cap on the bytes one socket.send() call sends (sendall is unaffected)
#   SOCKGRADE_EVENTS    file that receives one line per redirection, for the report
#
# Rules (why each exists is in harness/python/README.md):
#   server: the first port it binds (TCP or UDP) becomes the assigned port, and so does any later
#           bind of that same port; other ports are left alone. connect/sendto are never touched,
#           so a UDP server's reply goes back to whoever sent the datagram.
#   client: the first address it connects or sends to is "the server"; it, and any later address
#           with the same port, go to the assigned address. Addresses a datagram came from are
#           never rewritten. A fixed local port in bind() becomes 0 so parallel runs cannot clash.
#   AF_UNIX and raw sockets are never touched.
import os
import socket as _socket

_env = os.environ
_role = _env.get('SOCKGRADE_ROLE', '')
_host = _env.get('SOCKGRADE_HOST', '127.0.0.1')
_port = int(_env.get('SOCKGRADE_PORT', '0') or 0)
_events_path = _env.get('SOCKGRADE_EVENTS')
_INET = (_socket.AF_INET, getattr(_socket, 'AF_INET6', -1))
_KINDS = (_socket.SOCK_STREAM, _socket.SOCK_DGRAM)
_WILDCARDS = ('', '0.0.0.0', '::', None)
_state = {'server_port': None, 'target_port': None, 'reported': set()}
_heard_from = set()


def _record(what, before, after):
    line = '%s %r -> %r' % (what, before, after)
    if line in _state['reported'] or not _events_path:
        return
    _state['reported'].add(line)
    try:
        with open(_events_path, 'a', encoding='utf-8') as f:
            f.write(line + '\n')
    except OSError:
        pass


def _is_inet(sock):
    try:
        return sock.family in _INET and (sock.type & 0xF) in _KINDS
    except Exception:
        return False


def _loopback_for(sock):
    return '::1' if sock.family != _socket.AF_INET and ':' not in _host else _host


def _with_host_port(addr, host, port):
    return (host, port) + tuple(addr[2:])


def _redirect_bind(sock, addr):
    if not isinstance(addr, tuple) or len(addr) < 2 or not _is_inet(sock):
        return addr
    host, port = addr[0], addr[1]
    if _role == 'server' and _port:
        if _state['server_port'] is None and port != 0:
            _state['server_port'] = port
        if port == _state['server_port'] or port == 0 and _state['server_port'] is None:
            new_host = host if host in _WILDCARDS else _loopback_for(sock)
            return _with_host_port(addr, new_host, _port)
        return addr
    if _role == 'client' and port != 0:
        return _with_host_port(addr, host if host in _WILDCARDS else _loopback_for(sock), 0)
    return addr


def _redirect_peer(sock, addr):
    if _role != 'client' or not _port or not isinstance(addr, tuple) or len(addr) < 2 or not _is_inet(sock):
        return addr
    if (addr[0], addr[1]) in _heard_from:
        return addr
    if _state['target_port'] is None:
        _state['target_port'] = addr[1]
    if addr[1] != _state['target_port']:
        return addr
    return _with_host_port(addr, _loopback_for(sock), _port)


if _env.get('SOCKGRADE_REDIRECT') == '1' and _role in ('server', 'client'):
    _orig_bind = _socket.socket.bind
    _orig_connect = _socket.socket.connect
    _orig_connect_ex = _socket.socket.connect_ex
    _orig_sendto = _socket.socket.sendto
    _orig_recvfrom = _socket.socket.recvfrom
    _orig_recvfrom_into = _socket.socket.recvfrom_into
    _orig_getaddrinfo = _socket.getaddrinfo

    def bind(self, address):
        new = _redirect_bind(self, address)
        if new != address:
            _record('bind', address, new)
        return _orig_bind(self, new)

    def connect(self, address):
        new = _redirect_peer(self, address)
        if new != address:
            _record('connect', address, new)
        return _orig_connect(self, new)

    def connect_ex(self, address):
        new = _redirect_peer(self, address)
        if new != address:
            _record('connect', address, new)
        return _orig_connect_ex(self, new)

    def sendto(self, data, *args):
        args = list(args)
        if args:
            new = _redirect_peer(self, args[-1])
            if new != args[-1]:
                _record('sendto', args[-1], new)
            args[-1] = new
        return _orig_sendto(self, data, *args)

    def recvfrom(self, *args, **kwargs):
        result = _orig_recvfrom(self, *args, **kwargs)
        if isinstance(result[1], tuple):
            _heard_from.add(result[1][:2])
        return result

    def recvfrom_into(self, *args, **kwargs):
        result = _orig_recvfrom_into(self, *args, **kwargs)
        if isinstance(result[1], tuple):
            _heard_from.add(result[1][:2])
        return result

    def getaddrinfo(host, port, *args, **kwargs):
        # create_connection() and friends resolve the host first; an unresolvable tutorial host
        # name must not fail before connect() is redirected.
        try:
            numeric = int(port) if port not in (None, '') else 0
        except (TypeError, ValueError):
            numeric = 0
        if _role == 'client' and _port and numeric and (_state['target_port'] in (None, numeric)):
            if _state['target_port'] is None:
                _state['target_port'] = numeric
            _record('resolve', (host, port), (_host, _port))
            return _orig_getaddrinfo(_host, _port, *args, **kwargs)
        return _orig_getaddrinfo(host, port, *args, **kwargs)

    _socket.socket.bind = bind
    _socket.socket.connect = connect
    _socket.socket.connect_ex = connect_ex
    _socket.socket.sendto = sendto
    _socket.socket.recvfrom = recvfrom
    _socket.socket.recvfrom_into = recvfrom_into
    _socket.getaddrinfo = getaddrinfo

_max_send = int(_env.get('SOCKGRADE_MAX_SEND', '0') or 0)
if _max_send > 0:
    _orig_send = _socket.socket.send

    def send(self, data, *args):
        # A real network may accept only part of a send(); sendall() loops, send() does not.
        if (self.type & 0xF) == _socket.SOCK_STREAM and len(data) > _max_send:
            data = memoryview(data)[:_max_send]
        return _orig_send(self, data, *args)

    _socket.socket.send = send
