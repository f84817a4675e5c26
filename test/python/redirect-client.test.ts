// Clients as learners paste them: the connection to "the server" reaches the harness's peer
// wherever the code says to connect; other peers and Unix sockets are left where they are.
import { afterEach, describe, expect, it } from 'vitest';
import { startPython, stopAll } from './run-python.js';
import { closeAll, listen, readBytes, udp } from './peers.js';

afterEach(async () => {
  closeAll();
  expect(await stopAll()).toEqual([]);
});

async function expectEchoClient(script: string) {
  const server = await listen();
  const started = await startPython(script, { role: 'client', port: server.port });
  const conn = await server.connection(0);
  const received = await readBytes(conn, 12);
  conn.end(received);
  await started.program.settle(5000);
  expect(received.toString()).toBe('Hello, world');
  expect(started.program.stdout.text()).toContain("Received b'Hello, world'");
  expect(started.program.exitInfo?.code, started.program.stderr.text()).toBe(0);
  return started;
}

describe('the shim points a client at the assigned server', () => {
  it("with socket.socket() as s: s.connect(('127.0.0.1', 65432))", async () => {
    const { port, events } = await expectEchoClient('client-with.py');
    expect(events().redirections).toContain(`connect ('127.0.0.1', 65432) -> ('127.0.0.1', ${port})`);
  });

  it("socket.create_connection(('192.168.1.100', 8001)) resolves to the assigned address", async () => {
    const { port, events } = await expectEchoClient('client-create-connection.py');
    expect(events().redirections).toContain(`resolve ('192.168.1.100', 8001) -> ('127.0.0.1', ${port})`);
  });

  it("an IPv6 client connecting to '::1' reaches the IPv4 loopback peer", async () => {
    const { port, events } = await expectEchoClient('client-ipv6.py');
    expect(events().redirections).toContain(`connect ('::1', 12345, 0, 0) -> ('::ffff:127.0.0.1', ${port}, 0, 0)`);
  });

  it('every socket to the server is redirected; a socket to another peer (another port) is not', async () => {
    const server = await listen();
    const collector = await listen();
    const started = await startPython('client-two-peers.py', { role: 'client', port: server.port, env: { LOG_PORT: String(collector.port) } });
    const first = await server.connection(0);
    const log = await collector.connection(0);
    const second = await server.connection(1);
    expect((await readBytes(first, 13)).toString()).toBe('to the server');
    expect((await readBytes(log, 20)).toString()).toBe('to the log collector');
    expect((await readBytes(second, 31)).toString()).toBe('second connection to the server');
    for (const s of [first, log, second]) s.end('k');
    await started.program.settle(5000);
    expect(started.program.exitInfo?.code, started.program.stderr.text()).toBe(0);
    expect(started.events().redirections.some((r) => r.includes(String(collector.port)))).toBe(false);
  });

  it('a UDP client reaches the server, gets its reply, and answers the address the reply came from', async () => {
    const server = await udp();
    const started = await startPython('client-udp.py', { role: 'client', port: server.port });
    const hello = await server.next();
    expect(hello.data.toString()).toBe('你好');
    // Its fixed local port 12346 became a free one, so parallel runs cannot clash.
    expect(hello.from.port).not.toBe(12346);
    server.socket.send('hello 你好', hello.from.port, hello.from.address);
    expect((await server.next()).data.toString()).toBe('thanks');
    await started.program.settle(5000);
    expect(started.program.stdout.text()).toContain('客户端接收信息为：hello 你好');
    expect(started.events().redirections).toEqual([
      `bind ('', 12346) -> ('', 0)`,
      `sendto ('192.168.247.1', 12345) -> ('127.0.0.1', ${server.port})`,
    ]);
  });

  it('AF_UNIX sockets (socketpair, a datagram to a path) are left alone', async () => {
    const server = await listen();
    const started = await startPython('client-unix-and-tcp.py', { role: 'client', port: server.port });
    const conn = await server.connection(0);
    expect((await readBytes(conn, 17)).toString()).toBe('pair ok, dgram ok');
    await started.program.settle(5000);
    expect(started.program.exitInfo?.code, started.program.stderr.text()).toBe(0);
    expect(started.events().redirections.every((r) => !r.includes('client.sock'))).toBe(true);
  });
});

describe('with redirection off', () => {
  it('the client connects where its code says, and the shim notes the attempt', async () => {
    const started = await startPython('client-with.py', { role: 'client', port: 1, redirect: false });
    await started.program.settle(5000);
    const events = started.events();
    expect(events.redirections).toEqual([]);
    expect(events.connects).toContain("('127.0.0.1', 65432)");
  });
});
