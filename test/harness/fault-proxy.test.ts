// The pair proxy and relay over real loopback sockets: half-closes pass intact (one direction
// ends, the other keeps flowing), each fault acts at the byte it names, and the transcript's
// `fault` events stand exactly where the fault was applied.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingProxy, type ProxyFaults } from '../../harness/net/recording-proxy.js';
import { UdpRelay } from '../../harness/net/udp-relay.js';
import { Transcript } from '../../harness/transcript.js';
import { cutAt, drop, duplicate, reorder, resetAt, sliced, stalled } from '../../harness/net/faults/index.js';
import type { TranscriptEvent } from '../../harness/results/schema.js';
import { classifyEnd, type CloseKind } from '../../harness/net/close-kind.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const LABELS = { client: 'client', server: 'server' };

function listen(onConnection: (socket: Socket) => void): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer({ allowHalfOpen: true }, (conn) => {
      conn.on('error', () => {}); // a reset the test itself provokes
      onConnection(conn);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
    closers.push(() => server.close());
  });
}

async function startProxy(server: Server, faults: ProxyFaults = {}) {
  const transcript = new Transcript();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const proxy = await RecordingProxy.start({ host: '127.0.0.1', port }, transcript, LABELS, faults);
  closers.push(() => proxy.close());
  return { proxy, transcript };
}

/** A client through the proxy: every chunk it receives, and how its connection ended. */
function dial(port: number) {
  const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  closers.push(() => socket.destroy());
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  // Node reports an RST that follows data as a plain 'end': the socket table tells them apart.
  let ports = { local: 0, remote: 0 };
  socket.on('connect', () => (ports = { local: socket.localPort ?? 0, remote: socket.remotePort ?? 0 }));
  const ended = new Promise<CloseKind>((resolve) => {
    socket.on('end', () => resolve(classifyEnd(ports.local, ports.remote)));
    socket.on('error', () => resolve('reset'));
  });
  return { socket, chunks, ended, received: () => Buffer.concat(chunks).toString() };
}

const faultEvents = (events: readonly TranscriptEvent[]) => events.filter((e) => e.kind === 'fault');

describe('the fault proxy (TCP)', () => {
  it('keeps a half-close intact: the client shuts down writing, the server keeps sending, both arrive', async () => {
    let serverGot = '';
    const server = await listen((conn) => {
      conn.on('data', (d: Buffer) => (serverGot += d.toString()));
      // The client's FIN: the server answers afterwards, in two writes, then closes.
      conn.on('end', () => {
        conn.write(`got ${serverGot};`);
        setTimeout(() => conn.end(' and more'), 50);
      });
    });
    for (const faults of [{}, { toClient: sliced(), toServer: sliced() }] as ProxyFaults[]) {
      serverGot = '';
      const { proxy } = await startProxy(server, faults);
      const client = dial(proxy.port);
      client.socket.end('request');
      expect(await client.ended).toBe('fin');
      expect(client.received()).toBe('got request; and more');
      const [connection] = proxy.record().connections;
      expect(connection!.clientClosed).toBe('fin');
      expect(connection!.serverReceived.toString()).toBe('request');
    }
  });

  it('sliced: the server reads each half on its own, and the fault event stands between them', async () => {
    const reads: string[] = [];
    const server = await listen((conn) => conn.on('data', (d: Buffer) => reads.push(d.toString())));
    const { proxy, transcript } = await startProxy(server, { toServer: sliced() });
    const client = dial(proxy.port);
    client.socket.write('Hello, world');
    await expect.poll(() => reads.join(''), { timeout: 3000 }).toBe('Hello, world');
    expect(reads).toEqual(['Hello,', ' world']);
    const events = transcript.events().filter((e) => e.actor === 'proxy→server' || e.kind === 'fault').map((e) => `${e.actor} ${e.kind} ${e.text}`);
    expect(events).toEqual([
      'proxy→server send "Hello,"',
      'proxy fault sliced at byte 6 of client → server: held the rest until the server had read what came before',
      'proxy→server send " world"',
    ]);
  });

  it('reset after 5 bytes: the client gets exactly 5 bytes and a reset, the transcript says at byte 5', async () => {
    const server = await listen((conn) => conn.on('data', (d: Buffer) => conn.write(d)));
    const { proxy, transcript } = await startProxy(server, { toClient: resetAt(5) });
    const client = dial(proxy.port);
    client.socket.write('Hello, world');
    expect(await client.ended).toBe('reset');
    expect(client.received()).toBe('Hello');
    expect(proxy.record().connections[0]!.cutBy).toBe('reset');
    expect(faultEvents(transcript.events()).map((e) => e.text)).toEqual(['reset at byte 5 of server → client: reset the connection: RST to both programs']);
  });

  it('cut after 5 bytes: FIN to both programs after exactly 5 bytes', async () => {
    let serverSawEnd = false;
    const server = await listen((conn) => {
      conn.on('data', (d: Buffer) => conn.write(d));
      conn.on('end', () => (serverSawEnd = true));
    });
    const { proxy, transcript } = await startProxy(server, { toClient: cutAt(5) });
    const client = dial(proxy.port);
    client.socket.write('Hello, world');
    expect(await client.ended).toBe('fin');
    expect(client.received()).toBe('Hello');
    await expect.poll(() => serverSawEnd, { timeout: 3000 }).toBe(true);
    expect(faultEvents(transcript.events()).map((e) => e.text)).toEqual(['cut at byte 5 of server → client: cut the connection cleanly: FIN to both programs, nothing more passes']);
  });

  it('stall: the rest arrives after the pause, and the fault event says where', async () => {
    const server = await listen((conn) => conn.on('data', (d: Buffer) => conn.end(d)));
    const { proxy, transcript } = await startProxy(server, { toClient: stalled(5, 300) });
    const client = dial(proxy.port);
    const started = performance.now();
    client.socket.write('Hello, world');
    await client.ended;
    expect(client.received()).toBe('Hello, world');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(faultEvents(transcript.events()).map((e) => e.text)).toEqual(['stall at byte 5 of server → client: nothing for 300 ms']);
  });
});

describe('the UDP relay', () => {
  async function startRelay(faults: Parameters<typeof UdpRelay.start>[3]) {
    const server = createSocket('udp4');
    closers.push(() => server.close());
    const serverGot: string[] = [];
    server.on('message', (d, from) => {
      serverGot.push(d.toString());
      server.send(Buffer.from(`re:${d.toString()}`), from.port, from.address);
    });
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    const transcript = new Transcript();
    const relay = await UdpRelay.start({ host: '127.0.0.1', port: server.address().port }, transcript, LABELS, faults);
    closers.push(() => relay.close());
    const client = createSocket('udp4');
    closers.push(() => client.close());
    const clientGot: string[] = [];
    client.on('message', (d) => clientGot.push(d.toString()));
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
    const send = (text: string) => new Promise<void>((r) => client.send(Buffer.from(text), relay.port, '127.0.0.1', () => r()));
    return { relay, transcript, serverGot, clientGot, send };
  }

  it('drop: the first datagram is lost, the next passes, and the transcript says which', async () => {
    const { serverGot, clientGot, send, transcript } = await startRelay({ toServer: drop([1]) });
    await send('a');
    await send('b');
    await expect.poll(() => clientGot, { timeout: 3000 }).toEqual(['re:b']);
    expect(serverGot).toEqual(['b']);
    expect(faultEvents(transcript.events()).map((e) => e.text)).toEqual(['drop: dropped "a" (datagram 1 from the client)']);
  });

  it('duplicate: the reply arrives twice', async () => {
    const { clientGot, send, transcript } = await startRelay({ toClient: duplicate(1) });
    await send('a');
    await expect.poll(() => clientGot, { timeout: 3000 }).toEqual(['re:a', 're:a']);
    expect(faultEvents(transcript.events()).map((e) => e.text)).toEqual(['duplicate: delivered "re:a" (datagram 1 from the server) twice']);
  });

  it('reorder: the first datagram is held back and delivered after the second', async () => {
    const { serverGot, send, transcript, relay } = await startRelay({ toServer: reorder(1) });
    await send('a');
    await send('b');
    await expect.poll(() => serverGot, { timeout: 3000 }).toEqual(['b', 'a']);
    expect(relay.record().serverReceived.map(String)).toEqual(['b', 'a']);
    expect(faultEvents(transcript.events()).map((e) => e.text)).toEqual([
      'reorder: held back "a" (datagram 1 from the client)',
      'reorder: delivered datagram 2 from the client, then the one held back before it',
    ]);
  });
});
