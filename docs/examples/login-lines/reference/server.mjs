// The reference login-lines server, in plain JavaScript so that the course needs no build step.
// Started like a submission: --host H --port P (readAddress also takes $HOST/$PORT).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { readAddress } from 'sockgrade/reference';

/** @param {string} line user|password */
function answer(line) {
  let accounts = [];
  try {
    accounts = readFileSync('account', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.includes(':'));
  } catch {
    // No account file: nobody can log in.
  }
  const bar = line.indexOf('|');
  if (bar < 0) return 'fail\n';
  const wanted = `${line.slice(0, bar)}:${line.slice(bar + 1)}`;
  return accounts.includes(wanted) ? 'success\n' : 'fail\n';
}

const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  let buffer = Buffer.alloc(0);
  conn.on('data', (data) => {
    buffer = Buffer.concat([buffer, data]);
    for (let newline = buffer.indexOf(0x0a); newline >= 0; newline = buffer.indexOf(0x0a)) {
      conn.write(answer(buffer.subarray(0, newline).toString('utf8').replace(/\r$/, '')));
      buffer = buffer.subarray(newline + 1);
    }
  });
  conn.on('end', () => conn.end());
  conn.on('error', () => conn.destroy());
});
server.listen(port, host);
