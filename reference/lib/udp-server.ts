// A UDP server that answers every datagram, to the address it came from, and never dies of one.
import { createSocket } from 'node:dgram';
import { readAddress } from './address.js';

/** Binds the assigned address and sends `replyOf(datagram)` back to each datagram's sender. */
export function serveDatagrams(replyOf: (datagram: Buffer) => Buffer): void {
  const { host, port } = readAddress();
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (data, from) => {
    socket.send(replyOf(data), from.port, from.address, (error) => {
      if (error) process.stderr.write(`could not reply to ${from.address}:${from.port}: ${error.message}\n`);
    });
  });
  // A send error (e.g. a reply too large) concerns one datagram, not the server.
  socket.on('error', (error) => process.stderr.write(`${error.message}\n`));
  socket.bind(port, host);
}
