// The socket tables are read a row at a time and searches stop at their row: what they find must
// be what a whole read finds, in both families and in every state.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSocketRow, hasProcFs, listBoundSockets, listListeningSockets, listTreeSockets, readSocketTable, TCP_ESTABLISHED, TCP_LISTEN } from '../../harness/process/proc.js';

function listen(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.on('error', () => {}));
    server.once('error', reject);
    server.listen({ port: 0, host }, () => resolve(server));
  });
}

function dial(port: number, host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host }, () => resolve(socket));
    socket.once('error', reject);
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

describe.skipIf(!hasProcFs)('socket tables', () => {
  let v4: Server;
  let v6: Server | undefined;
  const clients: Socket[] = [];

  beforeAll(async () => {
    v4 = await listen('127.0.0.1');
    v6 = await listen('::1').catch(() => undefined); // a machine without IPv6 loopback
    for (let i = 0; i < 5; i++) clients.push(await dial(portOf(v4), '127.0.0.1'));
    if (v6) clients.push(await dial(portOf(v6), '::1'));
  });

  afterAll(() => {
    for (const c of clients) c.destroy();
    v4.close();
    v6?.close();
  });

  it('a search finds the same row as a whole read, IPv4 and IPv6', () => {
    const whole = readSocketTable('self', 'tcp');
    for (const client of clients) {
      const match = (r: { localPort: number; remotePort: number }) => r.localPort === client.localPort && r.remotePort === client.remotePort;
      const found = findSocketRow('self', 'tcp', match);
      expect(found).toEqual(whole.find(match));
      expect(found?.state).toBe(TCP_ESTABLISHED);
    }
    expect(findSocketRow('self', 'tcp', (r) => r.localPort === 1 && r.remotePort === 1)).toBeUndefined();
  });

  it("a tree's sockets are all found, listening and connected, and each once", () => {
    const mine = listTreeSockets(process.pid, 'tcp');
    const listening = mine.filter((r) => r.state === TCP_LISTEN).map((r) => r.localPort).sort();
    expect(listening).toEqual([portOf(v4), ...(v6 ? [portOf(v6)] : [])].sort());
    for (const client of clients) expect(mine.some((r) => r.localPort === client.localPort && r.remotePort === client.remotePort)).toBe(true);
    expect(new Set(mine.map((r) => r.inode)).size).toBe(mine.length);
  });

  it('the listening sockets read from the start of the tables are those a whole read finds', () => {
    const fast = listListeningSockets(process.pid).map((r) => r.inode).sort();
    expect(fast).toEqual(listBoundSockets(process.pid, 'tcp').map((r) => r.inode).sort());
    expect(fast.length).toBe(v6 ? 2 : 1);
  });
});
