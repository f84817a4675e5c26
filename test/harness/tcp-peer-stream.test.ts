// TcpPeer's streaming mode (streamTo, receivedBytes, waitForBytes): big transfers go to a sink
// chunk by chunk instead of being kept, with the same bounds as readExactly.
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpPeer } from '../../harness/net/tcp-peer.js';
import { isCheckFailure } from '../../harness/check/failure.js';
import { Transcript } from '../../harness/transcript.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

/** A local server that runs `script` on its one connection. */
async function serve(script: (socket: Socket) => void): Promise<{ port: number }> {
  const server: Server = createServer(script);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => server.close());
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0 };
}

async function connect(port: number, transcript = new Transcript()): Promise<TcpPeer> {
  const peer = await TcpPeer.connect({ host: '127.0.0.1', port }, { label: 'peer', counterpart: 'the server', transcript });
  cleanup.push(() => peer.dispose());
  return peer;
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isCheckFailure(error)) return error.message;
    throw error;
  }
  throw new Error('expected a failure');
}

const BIG = createHash('sha256').update('seed').digest().toString('hex').repeat(200_000); // 12.8 MB of text

describe('TcpPeer.streamTo', () => {
  it('streams everything after the header to the sink, keeps only the header, and counts all bytes', async () => {
    const { port } = await serve((socket) => {
      socket.write('HEADER');
      socket.end(BIG);
    });
    const transcript = new Transcript();
    const peer = await connect(port, transcript);
    await peer.readUntil((d) => d.length >= 6, 'the header', 3000);
    const hash = createHash('sha256');
    let streamed = 0;
    peer.streamTo((chunk) => {
      hash.update(chunk);
      streamed += chunk.length;
    }, 6);
    await peer.waitForBytes(BIG.length, 10_000, { from: 6, idleMs: 3000 });
    expect(streamed).toBe(BIG.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(BIG).digest('hex'));
    expect(peer.received().toString()).toBe('HEADER');
    expect(peer.receivedBytes).toBe(6 + BIG.length);
    // The transcript merged the chunks: a few events, not one per chunk.
    expect(transcript.events().filter((e) => e.kind === 'recv').length).toBeLessThanOrEqual(2);
  });

  it('hands bytes already kept beyond the offset to the sink at once', async () => {
    const { port } = await serve((socket) => socket.write('12345abcdef'));
    const peer = await connect(port);
    await peer.readUntil((d) => d.length >= 11, 'everything', 3000);
    const got: string[] = [];
    peer.streamTo((chunk) => got.push(chunk.toString()), 5);
    expect(got.join('')).toBe('abcdef');
    expect(peer.received().toString()).toBe('12345');
  });

  it('refuses an offset beyond what arrived, and a second sink', async () => {
    const { port } = await serve((socket) => socket.write('abc'));
    const peer = await connect(port);
    await peer.readUntil((d) => d.length >= 3, 'abc', 3000);
    expect(() => peer.streamTo(() => {}, 4)).toThrow(/cannot stream from byte 4/);
    peer.streamTo(() => {});
    expect(() => peer.streamTo(() => {})).toThrow(/already streams/);
  });
});

describe('TcpPeer.waitForBytes', () => {
  it('fails with the count when the program goes quiet, within the idle bound', async () => {
    const { port } = await serve((socket) => socket.write('x'.repeat(1000)));
    const peer = await connect(port);
    peer.streamTo(() => {});
    const started = performance.now();
    const message = await failureOf(peer.waitForBytes(5000, 10_000, { idleMs: 300 }));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(message).toBe('expected 5000 bytes from the server, got 1000, then nothing for 0.3 s');
  });

  it('fails at once, with the count, when the program closes first', async () => {
    const { port } = await serve((socket) => socket.end('y'.repeat(700)));
    const peer = await connect(port);
    peer.streamTo(() => {});
    const message = await failureOf(peer.waitForBytes(5000, 10_000));
    expect(message).toBe('expected 5000 bytes from the server, got 700, then the server closed the connection');
  });

  it('says when the whole bound ran out while bytes were still coming', async () => {
    let timer: NodeJS.Timeout | undefined;
    const { port } = await serve((socket) => {
      timer = setInterval(() => socket.write('z'), 20);
      socket.on('close', () => clearInterval(timer));
    });
    cleanup.push(() => clearInterval(timer));
    const peer = await connect(port);
    const message = await failureOf(peer.waitForBytes(1_000_000, 400, { idleMs: 200 }));
    expect(message).toMatch(/^expected 1000000 bytes from the server, got \d+, in 0\.4 s, the bound for all of it$/);
  });
});
