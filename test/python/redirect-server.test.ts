// Servers as learners paste them: wherever the code says to bind, the socket must end up on the
// assigned port, and the harness must reach it there.
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilListening } from '../../harness/process/readiness.js';
import { startPython, stopAll } from './run-python.js';
import { closeAll, exchange, udp } from './peers.js';

afterEach(async () => {
  closeAll();
  expect(await stopAll()).toEqual([]);
});

async function expectListening(script: string, protocol: 'tcp' | 'udp' = 'tcp') {
  const started = await startPython(script, { role: 'server' });
  const ready = await waitUntilListening(started.program, { protocol, port: started.port, timeoutMs: 5000 });
  expect(ready, started.program.stderr.text()).toMatchObject({ kind: 'listening', port: started.port });
  return { ...started, ready };
}

describe('the shim moves a server to the assigned port', () => {
  it.each([
    ['import socket, bind to 192.168.247.1:12345', 'server-import-socket.py', "bind ('192.168.247.1', 12345) -> ('127.0.0.1', "],
    ["from socket import *, bind to ('', 8888)", 'server-star-import.py', "bind ('', 8888) -> ('', "],
    ['socketserver.TCPServer on 127.0.0.1:8009', 'server-socketserver-tcp.py', "bind ('127.0.0.1', 8009) -> ('127.0.0.1', "],
  ])('%s: it listens there and echoes', async (_name, script, redirection) => {
    const { port, events } = await expectListening(script);
    expect((await exchange(port, 'Hello, world')).toString()).toBe('Hello, world');
    expect(events().redirections.some((r) => r.startsWith(redirection) && r.endsWith(`${port})`))).toBe(true);
  });

  it('socketserver.ThreadingTCPServer serves two clients at once on the assigned port', async () => {
    const { port } = await expectListening('server-socketserver-threading.py');
    const [a, b] = await Promise.all([exchange(port, 'one'), exchange(port, 'two')]);
    expect(a.toString()).toBe('我是多线程one');
    expect(b.toString()).toBe('我是多线程two');
  });

  it("an IPv6 server bound to '::' is reached over IPv4 loopback", async () => {
    const { port, ready } = await expectListening('server-ipv6-any.py');
    expect(ready).toMatchObject({ address: '::' });
    expect((await exchange(port, '')).toString()).toBe("'::ffff:127.0.0.1'");
  });

  it("an IPv6 server bound to '::1' is bound to loopback and reached by the harness", async () => {
    const { port, ready, events } = await expectListening('server-ipv6-loopback.py');
    expect(ready).toMatchObject({ address: '127.0.0.1' });
    expect((await exchange(port, '')).toString()).toBe("'::ffff:127.0.0.1'");
    expect(events().redirections).toContain(`bind ('::1', 12345, 0, 0) -> ('::ffff:127.0.0.1', ${port}, 0, 0)`);
  });

  it('a Unix socket path is left alone while the TCP port is redirected', async () => {
    const { port, dir, events } = await expectListening('server-with-unix-socket.py');
    expect((await exchange(port, '')).toString()).toBe(`unix ok at ${dir}/helper.sock`);
    expect(events().redirections.every((r) => !r.includes('helper.sock'))).toBe(true);
  });
});

describe('a UDP server', () => {
  it.each([
    ['with socket.socket(SOCK_DGRAM)', 'server-udp-reply.py'],
    ['with socketserver.UDPServer', 'server-socketserver-udp.py'],
  ])('%s binds the assigned port and its reply reaches the sender', async (_name, script) => {
    const { port, events } = await expectListening(script, 'udp');
    const peer = await udp();
    peer.socket.send('world', port, '127.0.0.1');
    const reply = await peer.next();
    expect(reply.data.toString()).toBe('hello world');
    expect(reply.from.port).toBe(port);
    // A second sender gets its own reply, at its own address.
    const other = await udp();
    other.socket.send('again', port, '127.0.0.1');
    expect((await other.next()).data.toString()).toBe('hello again');
    expect(events().redirections.filter((r) => r.startsWith('sendto'))).toEqual([]);
  });
});
