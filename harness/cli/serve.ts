// `sockgrade serve EXERCISE ROLE`: runs the reference program for a learner to try their own
// program against by hand. The server role listens (on --port, else a free port) until Ctrl-C;
// the client role connects to --target host:port with the terminal as its user.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import getPort from 'get-port';
import { exercises } from '../../exercises/index.js';
import type { Exercise } from '../../exercises/schema.js';
import { referenceScript } from '../check/reference.js';
import { ROLES, type Role } from '../check/types.js';
import { render, t, LANGS, type Lang, type Text } from '../i18n/text.js';
import { hasProcFs, listBoundSockets } from '../process/proc.js';
import { USAGE, UsageError } from './usage.js';

/** Files a reference server reads from its folder, made for serving by hand, with what to tell the learner. */
function workingFiles(exercise: Exercise): { name: string; data: Buffer; says: Text }[] {
  if (exercise.id === 'login') {
    const data = Buffer.from('admin:admin888\nalice:123456\n');
    return [{ name: 'account', data, says: t('its account file holds admin:admin888 and alice:123456', '它的 account 文件中有 admin:admin888 和 alice:123456') }];
  }
  if (exercise.id === 'file-transfer') {
    // Seeded bytes, so the learner can compare what their client saved.
    const data = Buffer.alloc(100_000);
    let x = 2463534242;
    for (let i = 0; i < data.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      data[i] = x & 0xff;
    }
    const sha = createHash('sha256').update(data).digest('hex');
    return [{ name: 'python.jpg', data, says: t(`it sends a python.jpg of ${data.length} bytes, SHA-256 ${sha} (sha256sum python1.jpg to compare)`, `它发送 ${data.length} 字节的 python.jpg，SHA-256 为 ${sha}（可用 sha256sum python1.jpg 比较）`) }];
  }
  return [];
}

function parseHostPort(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port > 0 && port < 65536)) throw new UsageError(`--target takes host:port, e.g. --target 127.0.0.1:12345, got ${JSON.stringify(value)}`);
  return { host: m[1] ?? m[2]!, port };
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port takes a port from 1 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

/** Waits, bounded, until the child has bound its port; undefined if it exited first or never did. */
async function waitUntilBound(child: ChildProcess, protocol: 'tcp' | 'udp', port: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let exited = child.exitCode !== null || child.signalCode !== null;
  child.once('exit', () => {
    exited = true;
  });
  while (!exited && performance.now() < deadline) {
    if (!hasProcFs) return true; // no socket table to read: the start-up output will tell
    if (child.pid !== undefined && listBoundSockets(child.pid, protocol).some((s) => s.localPort === port)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** Ends the child (TERM, then KILL after a second) and resolves when it is gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

function howToConnect(exercise: Exercise, host: string, port: number): Text[] {
  const shown = host.includes(':') ? `[${host}]` : host;
  const lines: Text[] = [t(`point your client at ('${host}', ${port}), e.g. HOST, PORT = '${host}', ${port}`, `把你的客户端指向 ('${host}', ${port})，例如 HOST, PORT = '${host}', ${port}`)];
  if (exercise.id === 'web') lines.push(t(`or open http://${shown}:${port}/ in a browser, or: curl -v http://${shown}:${port}/`, `或在浏览器中打开 http://${shown}:${port}/，或运行：curl -v http://${shown}:${port}/`));
  else if (exercise.protocol === 'udp') lines.push(t(`or type datagrams by hand: nc -u ${host} ${port}`, `或手动发送数据报：nc -u ${host} ${port}`));
  else lines.push(t(`or type by hand: nc ${host} ${port}`, `或手动输入：nc ${host} ${port}`));
  lines.push(t('a client with its address written in the code: start this with --port set to the port in your code, and use 127.0.0.1 as the host', '客户端代码里写死了地址？用 --port 指定代码中的端口重新启动本命令，并把主机改为 127.0.0.1'));
  return lines;
}

export async function commandServe(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, target: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [id, roleName] = positionals;
  if (!id || !roleName || positionals.length > 2) throw new UsageError('serve takes an exercise and a role, e.g. sockgrade serve echo server, or sockgrade serve echo client --target 127.0.0.1:12345');
  const exercise = exercises.find((e) => e.id === id);
  if (!exercise) throw new UsageError(`unknown exercise ${JSON.stringify(id)}; known: ${exercises.map((e) => e.id).join(', ')}`);
  if (!(ROLES as readonly string[]).includes(roleName)) throw new UsageError(`the role is server or client, got ${JSON.stringify(roleName)}`);
  const role = roleName as Role;
  if (!exercise.roles[role]) throw new UsageError(`exercise ${exercise.id} has no ${role} role`);
  const lang: Lang = values.lang === undefined ? 'en' : (LANGS as readonly string[]).includes(values.lang) ? (values.lang as Lang) : (() => { throw new UsageError(`--lang takes ${LANGS.join(' or ')}, got ${JSON.stringify(values.lang)}`); })();
  const say = (text: Text) => process.stdout.write(`${render(text, lang)}\n`);
  const script = referenceScript(exercise, role);
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-serve-'));
  try {
    if (role === 'client') {
      if (values.target === undefined) throw new UsageError(`the reference client needs your server's address: sockgrade serve ${exercise.id} client --target 127.0.0.1:PORT`);
      if (values.port !== undefined) throw new UsageError('--port is for the server role; the client connects to --target host:port');
      const target = parseHostPort(values.target);
      say(t(`sockgrade serve · the reference ${exercise.id} client (${exercise.title}), connecting to ${values.target}`, `sockgrade serve · 参考 ${exercise.id} 客户端（${exercise.title}），连接 ${values.target}`));
      say(t('what you type goes to it as its user; Ctrl-D ends the input, Ctrl-C stops it', '你输入的内容就是它的用户输入；Ctrl-D 结束输入，Ctrl-C 停止'));
      // In the learner's folder, as their own client would run: a file it receives (python1.jpg) is theirs to look at.
      if (exercise.id === 'file-transfer') say(t(`the file it receives is saved as python1.jpg in ${process.cwd()}`, `收到的文件保存为 ${process.cwd()} 中的 python1.jpg`));
      const child = spawn(process.execPath, [script, '--host', target.host, '--port', String(target.port)], { cwd: process.cwd(), stdio: 'inherit' });
      return await runUntilDone(child, lang);
    }
    const host = values.host ?? '127.0.0.1';
    const port = parsePort(values.port) ?? (await getPort({ host }));
    for (const file of workingFiles(exercise)) writeFileSync(join(dir, file.name), file.data);
    const child = spawn(process.execPath, [script, '--host', host, '--port', String(port)], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
    if (!(await waitUntilBound(child, exercise.protocol, port, 5000))) {
      await stopChild(child);
      process.stderr.write(`sockgrade: the reference ${exercise.id} server could not listen on ${host}:${port} (is the port taken? try another --port)\n`);
      return 2;
    }
    say(t(`sockgrade serve · the reference ${exercise.id} server (${exercise.title})`, `sockgrade serve · 参考 ${exercise.id} 服务器（${exercise.title}）`));
    say(t(`listening on ${host}:${port} (${exercise.protocol.toUpperCase()})`, `正在监听 ${host}:${port}（${exercise.protocol.toUpperCase()}）`));
    for (const file of workingFiles(exercise)) say(file.says);
    for (const line of howToConnect(exercise, host, port)) say(line);
    say(t('Ctrl-C stops it', '按 Ctrl-C 停止'));
    return await runUntilDone(child, lang);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs until the child ends by itself or Ctrl-C (which ends it): exit 0 on Ctrl-C, else the child's status. */
function runUntilDone(child: ChildProcess, lang: Lang): Promise<number> {
  return new Promise((resolveDone) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void stopChild(child).then(() => {
        process.stdout.write(`\n${render(t('stopped', '已停止'), lang)}\n`);
        resolveDone(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (!stopping) resolveDone(code ?? (signal ? 1 : 0));
    });
  });
}
