// Reference login server (seed 001 §作业): each message is user|password; answers success when a
// line user:password of the file `account` (in its working folder, read for every message as the
// tutorial does) matches, else fail — also for a message without '|' or not valid UTF-8. Several
// attempts may come on one connection; the client closing its side ends that client only.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';

interface Account {
  readonly user: Buffer;
  readonly password: Buffer;
}

/** The lines user:password of `account`, each stripped; blank lines and lines without ':' are skipped. */
function readAccounts(): Account[] {
  let text: string;
  try {
    text = readFileSync('account', 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((raw) => {
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (colon < 0) return [];
    return [{ user: Buffer.from(line.slice(0, colon)), password: Buffer.from(line.slice(colon + 1)) }];
  });
}

function answer(message: Buffer): string {
  const bar = message.indexOf(0x7c);
  if (bar < 0) return 'fail';
  const user = message.subarray(0, bar);
  const password = message.subarray(bar + 1);
  return readAccounts().some((a) => a.user.equals(user) && a.password.equals(password)) ? 'success' : 'fail';
}

const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (message: Buffer) => conn.write(answer(message)));
  conn.on('end', () => conn.destroySoon());
  conn.on('error', () => conn.destroy());
});
server.listen(port, host);
