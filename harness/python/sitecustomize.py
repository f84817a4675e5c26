# sockgrade's Python shim, loaded by every Python interpreter started with this folder on
# PYTHONPATH. It makes tutorial code with hard-coded addresses gradable, can make send() behave
# as on a real network, and notes what the program tried so a failure can be explained.
# Configured by the environment:
#   SOCKGRADE_ROLE      server | client
#   SOCKGRADE_HOST/PORT the address the harness assigned
#   SOCKGRADE_REDIRECT  1 to redirect bind/connect/sendto to that address
#   SOCKGRADE_MAX_SEND  cap on the bytes one socket.send() call sends (sendall is unaffected)
#   SOCKGRADE_EVENTS    file that receives one line per event (format below)
#   SOCKGRADE_STACKS    file that receives the stack of every thread when the harness sends
#   SOCKGRADE_STACK_SIGNAL  this signal (faulthandler): where a live program waits, e.g. input()
#
# The rules, and why each exists, are in harness/python/README.md. In short:
#   server: the first port it binds (TCP or UDP) becomes the assigned port, and so does any later
#           bind of that same port; other ports are left alone. connect/sendto are never touched,
#           so a UDP server's reply goes back to whoever sent the datagram.
#   client: the first port it connects or sends to is "the server's"; any address with that port
#           goes to the assigned address, other ports are other peers and are left alone.
#           Addresses a datagram came from are never rewritten. A fixed local port in bind()
#           becomes 0 so parallel runs cannot clash.
#   AF_UNIX and raw sockets are never touched.
#
# Events file, one line each, written once per distinct line:
#   "<op> <address> -> <address>"   a redirection (the report lists these)
#   "! connect <address>"           an attempt to connect, after any redirection
#   "! failed <op> <address>: <e>"  an operation the OS refused
#   "! shadowed socket.py"          the program's folder holds a socket.py (see README)
#
# A `python` that is Python 2 loads this file too. Its socket objects copy some methods onto each
# instance and refuse patched class attributes, so there the shim does nothing at all (a crash here
# would hide the learner's real error); the file only has to parse.
import io
import os
import sys
import socket as _socket

_env = os.environ
_role = _env.get('SOCKGRADE_ROLE', '')
_host = _env.get('SOCKGRADE_HOST', '127.0.0.1')
_port = int(_env.get('SOCKGRADE_PORT', '0') or 0)
_events_path = _env.get('SOCKGRADE_EVENTS')
_AF_INET6 = getattr(_socket, 'AF_INET6', -1)
_INET = (_socket.AF_INET, _AF_INET6)
_KINDS = (_socket.SOCK_STREAM, _socket.SOCK_DGRAM)
_WILDCARDS = ('', '0.0.0.0', '::', None)
_state = {'server_port': None, 'target_port': None}
_reported = set()
_heard_from = set()


def _record(line):
    if line in _reported or not _events_path:
        return
    _reported.add(line)
    try:
        with io.open(_events_path, 'a', encoding='utf-8') as f:
            f.write(u'%s\n' % line)
    except Exception:
        pass


def _is_inet(sock):
    try:
        return sock.family in _INET and (sock.type & 0xF) in _KINDS
    except Exception:
        return False


def _loopback_for(sock):
    # The harness listens and connects on IPv4 loopback. An IPv6 socket reaches it through the
    # IPv4-mapped form of that address, which needs IPV6_V6ONLY off (see _allow_ipv4).
    if sock.family == _AF_INET6 and ':' not in _host:
        return '::ffff:' + _host
    if sock.family == _socket.AF_INET and ':' in _host:
        return '127.0.0.1'
    return _host


def _allow_ipv4(sock):
    if sock.family == _AF_INET6:
        try:
            sock.setsockopt(_socket.IPPROTO_IPV6, _socket.IPV6_V6ONLY, 0)
        except Exception:
            pass


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
    if _role == 'client' and (port != 0 or host not in _WILDCARDS):
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


def _failed(op, address, error):
    _record('! failed %s %r: %s' % (op, address, error))


def _shadowing_file():
    # `import socket` in the learner's code would load their own socket.py at home; here the
    # stdlib module is already imported (by this file), which would hide that bug.
    script = (getattr(sys, 'argv', None) or [''])[0]
    folder = os.path.dirname(os.path.abspath(script)) if script and script not in ('-c', '-m') else os.getcwd()
    candidate = os.path.join(folder, 'socket.py')
    stdlib = os.path.abspath(getattr(_socket, '__file__', '') or '')
    return candidate if os.path.isfile(candidate) and os.path.abspath(candidate) != stdlib else None


_python3 = sys.version_info[0] >= 3
_redirect = _python3 and _env.get('SOCKGRADE_REDIRECT') == '1' and _role in ('server', 'client')

if _python3 and _role in ('server', 'client'):
    _orig_bind = _socket.socket.bind
    _orig_connect = _socket.socket.connect
    _orig_connect_ex = _socket.socket.connect_ex
    _orig_sendto = _socket.socket.sendto
    _orig_recvfrom = _socket.socket.recvfrom
    _orig_recvfrom_into = _socket.socket.recvfrom_into
    _orig_getaddrinfo = _socket.getaddrinfo

    def _prepare(self, op, address, redirect):
        new = redirect(self, address) if _redirect else address
        if new != address:
            _record('%s %r -> %r' % (op, address, new))
            if str(new[0]).startswith('::ffff:') or new[0] in _WILDCARDS:
                _allow_ipv4(self)
        return new

    def bind(self, *args):
        if len(args) != 1:
            return _orig_bind(self, *args)  # let Python word the learner's mistake as it would
        address = args[0]
        new = _prepare(self, 'bind', address, _redirect_bind)
        try:
            return _orig_bind(self, new)
        except (OSError, IOError) as e:
            _failed('bind', new, e)
            raise

    def connect(self, *args):
        if len(args) != 1:
            return _orig_connect(self, *args)  # let Python word the learner's mistake as it would
        address = args[0]
        new = _prepare(self, 'connect', address, _redirect_peer)
        if _is_inet(self):
            _record('! connect %r' % (new,))
        try:
            return _orig_connect(self, new)
        except (OSError, IOError) as e:
            if not isinstance(e, getattr(_socket, 'timeout', ())) and getattr(e, 'errno', None) not in (11, 115, 36, 10035):
                _failed('connect', new, e)
            raise

    def connect_ex(self, *args):
        if len(args) != 1:
            return _orig_connect_ex(self, *args)  # let Python word the learner's mistake as it would
        address = args[0]
        new = _prepare(self, 'connect', address, _redirect_peer)
        if _is_inet(self):
            _record('! connect %r' % (new,))
        result = _orig_connect_ex(self, new)
        if result not in (0, 11, 115, 36, 10035):
            _failed('connect', new, os.strerror(result))
        return result

    def sendto(self, data, *args):
        args = list(args)
        if args:
            args[-1] = _prepare(self, 'sendto', args[-1], _redirect_peer)
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
        if _redirect and _role == 'client' and _port and numeric and (_state['target_port'] in (None, numeric)):
            if _state['target_port'] is None:
                _state['target_port'] = numeric
            family = args[0] if args else kwargs.get('family', 0)
            new_host = '::ffff:' + _host if family == _AF_INET6 and ':' not in _host else _host
            _record('resolve %r -> %r' % ((host, port), (new_host, _port)))
            return _orig_getaddrinfo(new_host, _port, *args, **kwargs)
        return _orig_getaddrinfo(host, port, *args, **kwargs)

    _socket.socket.bind = bind
    _socket.socket.connect = connect
    _socket.socket.connect_ex = connect_ex
    _socket.socket.sendto = sendto
    _socket.socket.recvfrom = recvfrom
    _socket.socket.recvfrom_into = recvfrom_into
    _socket.getaddrinfo = getaddrinfo

    if _shadowing_file():
        # Behave as at home: the learner's own socket.py is what `import socket` finds.
        _record('! shadowed socket.py')
        del sys.modules['socket']

# Where is a live program waiting? The harness sends SOCKGRADE_STACK_SIGNAL (a real-time signal,
# which would end a program without a handler: the harness first checks /proc for this handler)
# and faulthandler writes every thread's stack to SOCKGRADE_STACKS, from C, without needing the
# interpreter's lock: it answers even while the program is blocked in input() or recv().
_stacks_path = _env.get('SOCKGRADE_STACKS')
_stack_signal = int(_env.get('SOCKGRADE_STACK_SIGNAL', '0') or 0)
if _python3 and _stacks_path and _stack_signal > 0:
    try:
        import faulthandler
        _stacks_file = io.open(_stacks_path, 'a')  # kept open: faulthandler writes to its fd
        faulthandler.register(_stack_signal, file=_stacks_file, all_threads=True, chain=False)
    except Exception:
        pass

_max_send = int(_env.get('SOCKGRADE_MAX_SEND', '0') or 0)
if _python3 and _max_send > 0:
    _orig_send = _socket.socket.send

    def send(self, data, *args):
        # A real network may accept only part of a send(); sendall() loops, send() does not.
        if (self.type & 0xF) == _socket.SOCK_STREAM and len(data) > _max_send:
            data = memoryview(data)[:_max_send]
        return _orig_send(self, data, *args)

    _socket.socket.send = send

# ---- Where the learner's code makes each socket call (README: "The learner's own line") ----
# Each wrapped call is counted against the innermost frame in the learner's own files (under
# SOCKGRADE_ROOT, the run folder): "! site {json}" in the events file, once per call site and
# process, and its counters in a small file mapped into memory (<events>.sites.<pid>), one 72-byte
# slot per site. The counters live in the page cache, so the harness reads them current at any
# moment, and a program killed by SIGKILL in a spin leaves them as they were: no write per call,
# no flush at exit, no thread.
_root = os.path.abspath(_env.get('SOCKGRADE_ROOT') or os.getcwd())
_RECVS = ('recv', 'recv_into', 'recvfrom', 'recvfrom_into')
_SENDS = ('send', 'sendall', 'sendto')
_OTHERS = ('close', 'accept', 'connect', 'connect_ex')

if _python3 and _role in ('server', 'client') and _events_path and hasattr(sys, '_getframe'):
    import json as _json
    import linecache as _linecache
    import mmap as _mmap
    import struct as _struct
    import time as _time

    # calls, bytes, empty returns, empty returns repeated on one socket, partial sends, the first
    # partial send's count and size, partial sends whose rest the next send on that socket did not
    # start with, time of the last call (ms since the epoch). harness/python/sites.ts reads them.
    _SLOT = _struct.Struct('<8Qd')
    _CALLS = _struct.Struct('<Q')
    _MAX_SITES = 256
    _sites = {}
    _learner_files = {}
    _shim_file = os.path.abspath(__file__)
    _counters = {'map': None, 'pid': None, 'next': 0}
    _stream_type = _socket.SOCK_STREAM
    _raw_type = _socket.socket.__mro__[1].type.__get__  # the int, without socket.py's enum conversion

    def _learner_file(code):
        # The file relative to the run folder if the learner wrote it, else None; once per code
        # object (keyed by id: a code object's own hash reads its whole bytecode, each time).
        known = _learner_files.get(id(code))
        if known is not None:
            return known[1]
        name = code.co_filename
        relative = None
        if name and not name.startswith('<'):
            path = os.path.abspath(name)
            if path != _shim_file and path.startswith(_root + os.sep) and os.sep + 'site-packages' + os.sep not in path:
                relative = os.path.relpath(path, _root)
        _learner_files[id(code)] = (code, relative)  # the reference keeps the id from being reused
        return relative

    def _open_counters():
        _counters['pid'] = os.getpid()
        _counters['next'] = 0
        try:
            fd = os.open('%s.sites.%d' % (_events_path, _counters['pid']), os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.ftruncate(fd, _MAX_SITES * _SLOT.size)
                _counters['map'] = _mmap.mmap(fd, _MAX_SITES * _SLOT.size)
            finally:
                os.close(fd)
        except Exception:
            _counters['map'] = None

    def _forked():
        # A forked child counts in its own file: slots are numbered per process.
        _sites.clear()
        _unsent.clear()
        _counters['pid'] = None
        _counters['map'] = None

    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=_forked)

    def _new_site(call, relative, line, direct):
        if _counters['pid'] is None:
            _open_counters()
        slot = _counters['next']
        if slot >= _MAX_SITES or _counters['map'] is None:
            slot = -1
        else:
            _counters['next'] += 1
        # [offset of its slot (-1: none), calls, bytes, empty returns, repeated empty returns,
        #  partial sends, first partial's count, its size, rests not sent, last call (ms),
        #  fd of the last b'']
        site = [slot * _SLOT.size if slot >= 0 else -1, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, -1]
        try:
            source = _linecache.getline(os.path.join(_root, relative), line).strip()
        except Exception:
            source = ''
        _record('! site ' + _json.dumps({
            'pid': _counters['pid'], 'slot': slot, 'call': call, 'file': relative, 'line': line,
            'source': source, 'direct': direct, 'at': _time.time() * 1000,
        }, sort_keys=True))
        return site

    def _find_site(call, frame):
        # The slow path: the first call from an instruction, or a call made through the stdlib
        # (makefile(), socketserver), whose innermost learner frame has to be looked for.
        direct = True
        while frame is not None:
            relative = _learner_file(frame.f_code)
            if relative is not None:
                key = (call, id(frame.f_code), frame.f_lasti)
                site = _sites.get(key)
                if site is None:
                    site = _sites[key] = _new_site(call, relative, frame.f_lineno, direct)
                return site
            frame = frame.f_back
            direct = False
        return None

    # Every call up to this many at a site is in the counters at once; after that, every 64th (and
    # every first: first partial send, first b'' on a socket), so a spinning loop costs little and
    # its counts lag by less than 64 calls.
    _EXACT = 64

    def _site(call, frame, _pack=_CALLS.pack_into):
        site = _sites.get((call, id(frame.f_code), frame.f_lasti))
        if site is None:
            site = _find_site(call, frame)
            if site is None:
                return None
        site[1] += 1
        counters = _counters['map']
        if site[1] < _EXACT and site[0] >= 0 and counters is not None:
            # Counted on entry: a call still blocked is a call made.
            _pack(counters, site[0], site[1])
        return site

    def _store(site, _now=_time.time, _pack=_SLOT.pack_into):
        site[9] = _now() * 1000
        counters = _counters['map']
        if site[0] >= 0 and counters is not None:
            _pack(counters, site[0], site[1], site[2], site[3], site[4], site[5], site[6], site[7], site[8], site[9])

    def _size(data):
        try:
            return memoryview(data).nbytes
        except Exception:
            return 0

    def _counting_recv(name, original, returns_count, returns_pair, _getframe=sys._getframe):
        # The hot path of a loop spinning on b'': kept flat, no call it can avoid.
        def wrapper(self, *args, **kwargs):
            frame = _getframe(1)
            site = _sites.get((name, id(frame.f_code), frame.f_lasti))
            if site is not None and site[1] >= _EXACT:
                site[1] += 1  # _site() without the call, when nothing needs writing on entry
            else:
                site = _site(name, frame)
            result = original(self, *args, **kwargs) if kwargs else original(self, *args)
            if site is None:
                return result
            value = result[0] if returns_pair else result
            n = value if returns_count else len(value)
            store = site[1] < _EXACT or not site[1] & 63
            if n:
                site[2] += n
            else:
                fd = self.fileno()
                if fd == site[10]:
                    site[3] += 1
                    site[4] += 1
                elif (_raw_type(self) & 0xF) == _stream_type:
                    # b'' on a stream: the peer has closed. A datagram may be empty; not counted.
                    site[3] += 1
                    site[10] = fd
                    store = True
            if store:
                _store(site)
            return result
        wrapper.__name__ = name
        return wrapper

    # After a partial send, per socket: the site, and the first bytes of what it did not send. The
    # next send on that socket either starts with them (the program sends the rest: right) or not.
    _unsent = {}
    _PREFIX = 32

    def _fileno(sock):
        try:
            return sock.fileno()
        except Exception:
            return -1

    def _head(data, start, length):
        try:
            return bytes(memoryview(data).cast('B')[start:start + length])
        except Exception:
            return None

    def _counting_send(name, original, _getframe=sys._getframe):
        def wrapper(self, data, *args, **kwargs):
            frame = _getframe(1)
            site = _sites.get((name, id(frame.f_code), frame.f_lasti))
            if site is not None and site[1] >= _EXACT:
                site[1] += 1  # as in _counting_recv
            else:
                site = _site(name, frame)
            if _unsent:
                waiting = _unsent.pop(_fileno(self), None)
                if waiting is not None:
                    before, rest = waiting
                    if _head(data, 0, len(rest)) == rest:
                        before[8] -= 1  # the rest is being sent after all
                        _store(before)
            result = original(self, data, *args, **kwargs)
            if site is not None:
                size = len(data) if type(data) is bytes else _size(data)
                n = size if result is None else result
                site[2] += n
                store = site[1] < _EXACT or not site[1] & 63
                if n < size:
                    if site[5] == 0:
                        site[6], site[7] = n, size
                    site[5] += 1
                    site[8] += 1
                    rest = _head(data, n, _PREFIX)
                    if rest:
                        _unsent[_fileno(self)] = (site, rest)
                    store = True
                if store:
                    _store(site)
            return result
        return wrapper

    def _counting_call(name, original, _getframe=sys._getframe):
        def wrapper(self, *args, **kwargs):
            site = _site(name, _getframe(1))
            if name == 'close':
                # The descriptor may be reused by the next connection: its b'' is not a repeat.
                try:
                    fd = self.fileno()
                    for other in _sites.values():
                        if other[10] == fd:
                            other[10] = -1
                    _unsent.pop(fd, None)
                except Exception:
                    pass
            try:
                return original(self, *args, **kwargs)
            finally:
                if site is not None:
                    _store(site)
        wrapper.__name__ = name
        return wrapper

    def _store_all():
        # A program that ends normally leaves exact counts (a killed one: less than 64 calls behind).
        for site in list(_sites.values()):
            try:
                _store(site)
            except Exception:
                pass

    import atexit as _atexit
    _atexit.register(_store_all)

    _cls = _socket.socket
    for _name in _RECVS:
        setattr(_cls, _name, _counting_recv(_name, getattr(_cls, _name), _name.endswith('_into'), _name.startswith('recvfrom')))
    for _name in _SENDS:
        setattr(_cls, _name, _counting_send(_name, getattr(_cls, _name)))
    for _name in _OTHERS:
        setattr(_cls, _name, _counting_call(_name, getattr(_cls, _name)))
