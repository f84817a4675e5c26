// The scripted peers against real Python programs: what the program's recv() sees, and what we
// see when it closes or resets.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { Program, TRUSTED } from '../../harness/process/program.js';
import { waitUntilListening } from '../../harness/process/readiness.js';
import { TcpPeer } from '../../harness/net/tcp-peer.js';
import { UdpPeer } from '../../harness/net/udp-peer.js';
import { TcpListener } from '../../harness/net/tcp-listener.js';
import { isCheckFailure } from '../../harness/check/failure.js';
import { Transcript } from '../../harness/transcript.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function startServer(source: string, protocol: 'tcp' | 'udp' = 'tcp') {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-test-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'prog.py'), source);
  const port = await getPort();
  const transcript = new Transcript();
  const program = Program.start({ label: 'server', command: 'python3 prog.py {port}', cwd: dir, address: { host: '127.0.0.1', port }, transcript, confinement: TRUSTED });
  cleanup.push(() => program.stop());
  const ready = await waitUntilListening(program, { protocol, port, timeoutMs: 5000 });
  expect(ready.kind).toBe('listening');
  return { program, address: { host: '127.0.0.1', port }, transcript };
}

const id = (transcript: Transcript) => ({ label: 'peer', counterpart: 'the server', transcript, confinement: TRUSTED });

// Replies with the size of every recv() it did, once the client shuts down writing.
const RECV_SIZES = `
import socket, sys
s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()
c, _ = s.accept()
sizes = []
while True:
    d = c.recv(1024)
    if not d: break
    sizes.append(str(len(d)))
c.sendall(','.join(sizes).encode()); c.close()
`;

describe('TcpPeer', () => {
  it('delivers pieces to separate recv() calls, every time', async () => {
    for (let round = 0; round < 3; round++) {
      const { address, transcript } = await startServer(RECV_SIZES);
      const peer = await TcpPeer.connect(address, id(transcript));
      cleanup.push(() => peer.dispose());
      await peer.sendInPieces('Hello, world', 'bytes');
      peer.shutdownWrite();
      const { data } = await peer.readUntilClosed(5000);
      expect(data.toString()).toBe(Array(12).fill('1').join(','));
    }
  });

  it('tells an orderly close (FIN) from a close with unread data (RST)', async () => {
    const drains = await startServer(`import socket, sys\ns = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\nc, _ = s.accept()\nc.recv(100); c.sendall(b'bye'); c.close()`);
    const polite = await TcpPeer.connect(drains.address, id(drains.transcript));
    cleanup.push(() => polite.dispose());
    await polite.send('hello');
    expect(await polite.readUntilClosed(5000)).toMatchObject({ kind: 'fin' });

    const rude = await startServer(`import socket, sys, time\ns = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\nc, _ = s.accept()\nc.recv(5); c.sendall(b'bye'); time.sleep(0.05); c.close()`);
    const peer = await TcpPeer.connect(rude.address, id(rude.transcript));
    cleanup.push(() => peer.dispose());
    await peer.send('hello');
    await peer.readExactly(3, 5000);
    await peer.send('more data the server never reads');
    expect(await peer.waitClosed(5000)).toBe('reset');
  });

  it('fails with what it got, within its bound, when the program sends too little', async () => {
    const { address, transcript } = await startServer(`import socket, sys, time\ns = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\nc, _ = s.accept()\nc.sendall(b'Hello'); time.sleep(30)`);
    const peer = await TcpPeer.connect(address, id(transcript));
    cleanup.push(() => peer.dispose());
    const t0 = performance.now();
    const error = await peer.readExactly(12, 400).catch((e: unknown) => e);
    expect(isCheckFailure(error)).toBe(true);
    expect((error as Error).message).toMatch(/expected 12 bytes from the server, got 5 \("Hello"\), then nothing for 0\.4 s/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a refused connection is the program\'s failure, with the reason', async () => {
    const port = await getPort();
    const error = await TcpPeer.connect({ host: '127.0.0.1', port }, id(new Transcript())).catch((e: unknown) => e);
    expect(isCheckFailure(error)).toBe(true);
    expect((error as Error).message).toContain('refused');
  });
});

describe('TcpPeer: reset and slow reading', () => {
  it("reset() reaches the program as ConnectionResetError", async () => {
    const { program, address, transcript } = await startServer(`import socket, sys\ns = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\nc, _ = s.accept()\ntry:\n    c.recv(100); c.recv(100)\nexcept ConnectionResetError:\n    print('reset seen', flush=True)`);
    const peer = await TcpPeer.connect(address, id(transcript));
    cleanup.push(() => peer.dispose());
    await peer.send('x');
    peer.reset();
    expect(await program.stdout.waitFor((t) => t.includes('reset seen'), 5000)).toBe(true);
  });

  it('a paused reader holds the program in sendall() until it reads again, and loses nothing', async () => {
    const size = 8 * 1024 * 1024;
    const { program, address, transcript } = await startServer(`import socket, sys\ns = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\nc, _ = s.accept()\nc.sendall(bytes(range(256)) * (${size} // 256)); print('sent', flush=True); c.close()`);
    const peer = await TcpPeer.connect(address, id(transcript));
    cleanup.push(() => peer.dispose());
    peer.pauseReading();
    // Far more than the socket buffers hold: the program must still be blocked in sendall().
    expect(await program.stdout.waitFor((t) => t.includes('sent'), 300)).toBe(false);
    peer.resumeReading();
    const { data } = await peer.readUntilClosed(10_000);
    expect(data.length).toBe(size);
    expect(data.subarray(0, 256)).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
  });
});

describe('TcpListener', () => {
  it('fails within its bound when nobody connects', async () => {
    const listener = await TcpListener.listen(new Transcript());
    cleanup.push(() => listener.close());
    const t0 = performance.now();
    await expect(listener.accept(300)).rejects.toThrow(/never connected to 127\.0\.0\.1:\d+ within 0\.3 s/);
    expect(performance.now() - t0).toBeLessThan(800);
  });
});

describe('UdpPeer', () => {
  const UDP_ECHO = `import socket, sys\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', int(sys.argv[1])))\nwhile True:\n    d, a = s.recvfrom(2048); s.sendto(d, a)`;

  it('sends a zero-length datagram and gets the empty echo', async () => {
    const { address, transcript } = await startServer(UDP_ECHO, 'udp');
    const peer = await UdpPeer.open(transcript);
    cleanup.push(() => peer.close());
    await peer.send(Buffer.alloc(0), address);
    expect((await peer.receive(3000)).data.length).toBe(0);
  });

  it('drops a datagram on purpose, then receives the next', async () => {
    const { address, transcript } = await startServer(UDP_ECHO, 'udp');
    const peer = await UdpPeer.open(transcript);
    cleanup.push(() => peer.close());
    peer.dropNext(1);
    await peer.send('one', address);
    expect(await peer.tryReceive(300)).toBeUndefined();
    await peer.send('two', address);
    expect((await peer.receive(3000)).data.toString()).toBe('two');
  });
});
