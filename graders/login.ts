// Checks for the login exercise (EXERCISES.md § login, seed 001 §作业).
//
// The server reads `account` (lines user:password) from its working folder; each check writes
// its own. The basic checks use the smallest file, one line without a newline at the end, so the
// line-ending and encoding habits of a program are graded by the bad-input checks alone: several
// lines each ending in a newline, a blank line, a non-ASCII user. A message that is not
// user|password (no '|', not UTF-8) matches no line, so the catalogue's rule ("success when it
// matches a line, else fail") asks for `fail` — on the same connection, which then goes on.
import { fail, isCheckFailure } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import type { CheckContext } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import type { Address } from '../harness/process/command.js';
import type { ExitInfo, Program } from '../harness/process/program.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import { previewBytes } from '../harness/util/bytes.js';
import { expectIdle, expectNoCrash, explainCrash } from './expect/process.js';
import { EXIT_GRACE_MS, expectNoTraceback, expectStillServing } from './expect/serving.js';
import { bytesSent } from './expect/pairing.js';
import { isOneOfWords, readAnswer } from './expect/answers.js';
import { countOccurrences, expectEndsByItself, startReferencePair, typeWhenAsked } from './expect/interactive.js';

const SUCCESS = 'success';
const FAIL = 'fail';
const isAnswer = isOneOfWords([Buffer.from(SUCCESS), Buffer.from(FAIL)]);
const USER_PROMPT = '用户名>>>';
const PASSWORD_PROMPT = '密码>>>';

/** The smallest account file: one user, no newline at the end. */
const ACCOUNT = 'alice:123456';
/** Several users, every line ending in a newline (as most editors save a file). */
const ACCOUNT_LINES = 'admin:admin888\nalice:123456\nbob:secret\n';
/** A blank line between two users. */
const ACCOUNT_BLANK = 'alice:123456\n\nbob:secret\n';
/** A user name and password that are not ASCII. */
const ACCOUNT_CHINESE = '张三:密码123';

const SERVER_STARTS = 'server-starts';
const CLIENT_CONNECTS = 'client-connects';

function describeAccount(account: string): string {
  return `account holding ${JSON.stringify(account)}`;
}

/** One attempt: the message and the answer a right server gives with the check's account file. */
interface Attempt {
  readonly message: string | Buffer;
  readonly expected: typeof SUCCESS | typeof FAIL;
  /** Why that is the answer, for the failure message. */
  readonly because?: string;
}

function describeMessage(message: string | Buffer): string {
  return typeof message === 'string' ? JSON.stringify(message) : previewBytes(message);
}

/**
 * Sends each attempt on one connection and expects its answer, exactly; a crash is explained
 * by its traceback.
 */
async function expectAnswers(ctx: CheckContext, program: Program, peer: TcpPeer, account: string, attempts: readonly Attempt[]): Promise<void> {
  for (const [i, attempt] of attempts.entries()) {
    const sent = describeMessage(attempt.message);
    const nth = attempts.length > 1 ? ` (attempt ${i + 1} on this connection)` : '';
    const from = peer.received().length;
    const answer = await explainCrash(program, `after the message ${sent}`, async () => {
      await peer.send(attempt.message);
      return readAnswer(peer, from, isAnswer, ctx.timeouts.replyMs);
    }, peer);
    if (answer.data.length === 0) {
      if (peer.closeKind) {
        await program.settle(EXIT_GRACE_MS);
        expectNoCrash(program, `after the message ${sent}`);
      }
      const how = peer.closeKind === 'reset' ? 'reset the connection' : peer.closeKind ? 'closed the connection' : `kept silent for ${ctx.timeouts.replyMs / 1000} s`;
      fail(`we sent ${sent}${nth} with an ${describeAccount(account)}; the server did not answer: it ${how}`, {
        expected: attempt.expected,
        actual: '(nothing)',
      });
    }
    if (!answer.data.equals(Buffer.from(attempt.expected))) {
      fail(`we sent ${sent}${nth} with an ${describeAccount(account)}; the server answered ${previewBytes(answer.data)} instead of ${JSON.stringify(attempt.expected)}${attempt.because ? ` (${attempt.because})` : ''}`, {
        expected: attempt.expected,
        actual: answer.data.toString('utf8'),
      });
    }
  }
}

/** Starts the server with `account`, connects once and plays the attempts. */
async function playAttempts(ctx: CheckContext, account: string, attempts: readonly Attempt[]): Promise<void> {
  const { program, address } = await ctx.startServer({ files: { account } });
  const peer = await ctx.connect(address);
  await expectAnswers(ctx, program, peer, account, attempts);
}

/** A client connecting after `situation` is answered. */
async function expectServesNext(ctx: CheckContext, program: Program, address: Address, situation: string, peer?: TcpPeer): Promise<void> {
  if (program.hasExited) await expectStillServing(program, situation);
  try {
    const next = peer ?? (await ctx.connect(address));
    await expectAnswers(ctx, program, next, ACCOUNT, [{ message: 'alice|123456', expected: SUCCESS }]);
  } catch (error) {
    if (isCheckFailure(error)) await expectStillServing(program, situation);
    throw error;
  }
}

const RIGHT: Attempt = { message: 'alice|123456', expected: SUCCESS };

const server: Check[] = [
  {
    id: SERVER_STARTS,
    title: 'starts and listens on the assigned port',
    role: 'server',
    tags: ['basic'],
    points: 1,
    hint: "bind() the host and port you are given and call listen() before anything else; open 'account' from the current folder.",
    async run(ctx) {
      const { program } = await ctx.startServer({ files: { account: ACCOUNT } });
      if (program.hasExited) fail(`the server ${describeEnding(program)} right after it started listening`);
    },
  },
  {
    id: 'server-accepts-right-password',
    title: "answers success to user|password when account has the line user:password",
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    hint: "Split the message at '|', compare with each line of account split at ':' (strip the line first), and send b'success' when both parts are equal.",
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [RIGHT]);
    },
  },
  {
    id: 'server-rejects-wrong-password',
    title: 'answers fail to a known user with a wrong password',
    role: 'server',
    tags: ['basic'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "Both parts must be equal (==) to a line's user and password; a password that is only part of the right one is wrong.",
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [{ message: 'alice|12345', expected: FAIL, because: 'the password is 123456' }]);
    },
  },
  {
    id: 'server-rejects-unknown-user',
    title: 'answers fail to a user that is not in account',
    role: 'server',
    tags: ['basic'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "Compare the whole user name (==), not with `in` or startswith(): 'ali' is not 'alice'.",
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [{ message: 'ali|123456', expected: FAIL, because: 'there is no user ali' }]);
    },
  },
  {
    id: 'server-retries-on-one-connection',
    title: 'answers several attempts on one connection: fail, fail, then success',
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: 'Loop on the connection: recv() an attempt, answer it, and recv() the next, until the client leaves.',
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [
        { message: 'bob|123456', expected: FAIL, because: 'there is no user bob' },
        { message: 'alice|654321', expected: FAIL, because: 'the password is 123456' },
        RIGHT,
      ]);
    },
  },
  {
    id: 'server-serves-reference-client',
    title: 'lets the reference client log in after one wrong password, and end',
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: "Answer each attempt with b'fail' or b'success' and nothing else; when recv() returns b'' close the client's socket.",
    async run(ctx) {
      const { client, proxy } = await startReferencePair(ctx, { account: ACCOUNT });
      await typeWhenAsked(client, 'alice', { prompt: USER_PROMPT, count: 1, timeoutMs: ctx.timeouts.startupMs });
      await typeWhenAsked(client, '000000', { prompt: PASSWORD_PROMPT, count: 1, timeoutMs: ctx.timeouts.replyMs });
      // The reference client asks again once it has the answer to the first attempt.
      let exit: ExitInfo | undefined;
      if (await client.stdout.waitFor((text) => countOccurrences(text, USER_PROMPT) >= 2, ctx.timeouts.replyMs)) {
        await typeWhenAsked(client, 'alice', { prompt: USER_PROMPT, count: 2, timeoutMs: ctx.timeouts.replyMs });
        await typeWhenAsked(client, '123456', { prompt: PASSWORD_PROMPT, count: 2, timeoutMs: ctx.timeouts.replyMs });
        exit = await client.waitExit(ctx.timeouts.replyMs + ctx.timeouts.exitMs);
      }
      const toClient = bytesSent(proxy.record(), 'toClient');
      const expected = Buffer.from(FAIL + SUCCESS);
      if (!toClient.equals(expected)) {
        fail(`the reference client sent "alice|000000", then "alice|123456", with an ${describeAccount(ACCOUNT)}; the server answered ${previewBytes(toClient)}`, {
          expected: '"fail", then "success"',
          actual: toClient.toString('utf8') || '(nothing)',
        });
      }
      if (!exit) fail(`the reference client got success but did not end within ${ctx.timeouts.exitMs / 1000} s`);
      if (exit.code !== 0) fail(`the reference client ended with an error: ${client.stderr.text().trim() || `exit code ${exit.code}`}`);
    },
  },
  {
    id: 'server-account-lines',
    title: 'finds every user of an account file of several lines, each ending in a newline',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "Each line read from a file ends with '\\n' (readlines() and `for line in f` keep it): line.strip() before split(':'), or the password is '123456\\n'.",
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT_LINES, [
        { message: 'admin|admin888', expected: SUCCESS, because: 'admin:admin888 is the first line' },
        { message: 'alice|123456', expected: SUCCESS, because: 'alice:123456 is the second line' },
        { message: 'bob|secret', expected: SUCCESS, because: 'bob:secret is the last line, followed by a newline' },
        { message: 'bob|123456', expected: FAIL, because: "123456 is alice's password, not bob's" },
      ]);
    },
  },
  {
    id: 'server-account-blank-line',
    title: 'skips a blank line in account and still finds the users after it',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "A blank line has no ':': ''.split(':') gives [''] and unpacking it raises ValueError. Skip lines that are empty after strip() (if not line: continue).",
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT_BLANK, [
        { message: 'bob|secret', expected: SUCCESS, because: 'bob:secret comes after the blank line' },
        { message: 'carol|secret', expected: FAIL, because: 'there is no user carol' },
      ]);
    },
  },
  {
    id: 'server-account-non-ascii',
    title: 'finds a user whose name and password are not ASCII (UTF-8 in account and in the message)',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "Read account as UTF-8 (open('account', encoding='utf-8')) and decode the message as UTF-8, so 张三 in the file equals 张三 in the message.",
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT_CHINESE, [
        { message: '张三|密码123', expected: SUCCESS, because: 'the file holds 张三:密码123 in UTF-8' },
        { message: '张三|123', expected: FAIL, because: "张三's password is 密码123" },
      ]);
    },
  },
  {
    id: 'server-no-separator',
    title: "answers fail to a message without '|' and goes on serving that client",
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "user, pwd = data.split('|') raises ValueError when there is no '|': check first (if '|' not in data) or catch the error, and answer b'fail'.",
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [{ message: 'alice123456', expected: FAIL, because: "it has no '|', so it matches no line" }, RIGHT]);
    },
  },
  {
    id: 'server-invalid-utf8',
    title: 'answers fail to a message that is not valid UTF-8 and goes on serving that client',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "decode('utf-8') raises UnicodeDecodeError on bytes that are not UTF-8: decode with errors='replace' or catch the error, and answer b'fail'.",
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [{ message: Buffer.from([0x61, 0x6c, 0x69, 0x63, 0x65, 0x7c, 0xff, 0xfe, 0xe5, 0xbc]), expected: FAIL, because: 'no password in account is that' }, RIGHT]);
    },
  },
  {
    id: 'server-client-leaves',
    title: 'closes the connection, without spinning, when the client closes its side',
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "recv() returns b'' when the client has left: break out of the loop and conn.close() — breaking out without close() leaves the connection open.",
    async run(ctx) {
      const { program, address } = await ctx.startServer({ files: { account: ACCOUNT } });
      const peer = await ctx.connect(address);
      await expectAnswers(ctx, program, peer, ACCOUNT, [RIGHT]);
      const from = peer.received().length;
      peer.shutdownWrite();
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      await expectIdle(program, 'the client closed its side');
      const after = peer.received().subarray(from);
      if (after.length > 0) fail(`after the client closed its side, the server sent ${previewBytes(after)}; recv() had returned b'', which is no attempt to answer`);
      if (!closed) {
        expectNoCrash(program, 'after the client left');
        fail(`the server never closed the connection in ${ctx.timeouts.replyMs / 1000} s after the client closed its side`);
      }
      expectNoCrash(program, 'after the client left');
    },
  },
  {
    id: 'server-sequential',
    title: 'serves clients one after another: one that waited while another logged in is answered once that one leaves',
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: 'Put accept() in an outer while True loop; when a client leaves, close its socket and accept the next one.',
    async run(ctx) {
      const { program, address } = await ctx.startServer({ files: { account: ACCOUNT } });
      const first = await ctx.connect(address);
      await expectAnswers(ctx, program, first, ACCOUNT, [RIGHT]);
      // Connects while the first is still there (a one-at-a-time server answers it after the
      // first has left, a threaded one at once: both right).
      const second = await ctx.connect(address);
      first.close();
      await expectServesNext(ctx, program, address, 'after the first client left', second);
      second.close();
      await expectServesNext(ctx, program, address, 'after two clients had left');
    },
  },
];

/** Types the user name and password when the client asks for them (its `n`-th attempt). */
async function typeCredentials(ctx: CheckContext, program: Program, user: string, password: string, n: number): Promise<void> {
  await typeWhenAsked(program, user, { prompt: USER_PROMPT, count: n, timeoutMs: ctx.timeouts.replyMs });
  await typeWhenAsked(program, password, { prompt: PASSWORD_PROMPT, count: n, timeoutMs: ctx.timeouts.replyMs });
}

/** Expects exactly `user|password` (UTF-8) on the wire as the client's next message. */
async function expectAttemptSent(ctx: CheckContext, program: Program, peer: TcpPeer, user: string, password: string, n: number): Promise<void> {
  await typeCredentials(ctx, program, user, password, n);
  const expected = Buffer.from(`${user}|${password}`);
  const from = peer.received().length;
  const got = (await readAnswer(peer, from, (d) => d.length >= expected.length, ctx.timeouts.replyMs)).data;
  if (got.equals(expected)) return;
  if (got.length === 0) {
    await program.settle(EXIT_GRACE_MS);
    expectNoCrash(program, `after the user typed ${JSON.stringify(user)} and ${JSON.stringify(password)}`);
    if (program.hasExited) fail(`the user typed ${JSON.stringify(user)} and ${JSON.stringify(password)}${n > 1 ? ` (attempt ${n})` : ''}; the client ended (${describeEnding(program)}) without sending them`);
  }
  const extra = got.length > expected.length && got.subarray(0, expected.length).equals(expected) ? `: it added ${previewBytes(got.subarray(expected.length))}` : '';
  fail(`the user typed ${JSON.stringify(user)} at ${USER_PROMPT} and ${JSON.stringify(password)} at ${PASSWORD_PROMPT}${n > 1 ? ` (attempt ${n})` : ''}; the client sent ${got.length ? previewBytes(got) : 'nothing'}${extra}`, {
    expected: previewBytes(expected),
    actual: got.length ? previewBytes(got) : '(nothing)',
  });
}

/** Sends the answer and waits until the client has printed it (its `n`-th time). */
async function expectAnswerPrinted(ctx: CheckContext, program: Program, peer: TcpPeer, answer: string, n: number): Promise<void> {
  await peer.send(answer);
  if (!(await program.stdout.waitFor((text) => countOccurrences(text, answer) >= n, ctx.timeouts.replyMs))) {
    await program.settle(EXIT_GRACE_MS);
    expectNoCrash(program, `after the server answered ${answer}`);
    fail(`the server answered ${JSON.stringify(answer)}; the client did not print it`, {
      expected: `a line showing ${answer}`,
      actual: program.stdout.text().trim() || '(nothing)',
    });
  }
}

const client: Check[] = [
  {
    id: CLIENT_CONNECTS,
    title: 'connects to the assigned server address',
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: "connect() takes one argument, the address tuple: sock.connect((host, port)) with the host and port you are given ({host} {port} or $HOST $PORT).",
    async run(ctx) {
      await ctx.acceptClient();
    },
  },
  {
    id: 'client-sends-credentials',
    title: 'sends user|password as typed at 用户名>>> and 密码>>>, and prints the answer',
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: "user = input('用户名>>>'); pwd = input('密码>>>'); sock.send(('%s|%s' % (user, pwd)).encode('utf8')) — nothing else; then recv() the answer and print it decoded.",
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectAttemptSent(ctx, program, peer, 'alice', '123456', 1);
      await expectAnswerPrinted(ctx, program, peer, SUCCESS, 1);
    },
  },
  {
    id: 'client-stops-after-success',
    title: 'ends by itself after the answer success, without asking again',
    role: 'client',
    tags: ['basic'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: "Compare the decoded answer with a str: response.decode('utf8') == 'success' (a bytes object never equals a str), then break.",
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectAttemptSent(ctx, program, peer, 'alice', '123456', 1);
      const from = peer.received().length;
      await peer.send(SUCCESS);
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the server answered success');
      expectNoTraceback(program, 'after success');
      const after = peer.received().subarray(from);
      if (after.length > 0) fail(`after success the client sent ${previewBytes(after)}; it should send nothing more and end`);
    },
  },
  {
    id: 'client-asks-again-after-fail',
    title: 'after each fail, prints it and asks for the user name and password again',
    role: 'client',
    tags: ['basic'],
    points: 2,
    dependsOn: CLIENT_CONNECTS,
    hint: "Loop: ask, send, receive; only success ends the loop — after fail, print it and continue (ask again on the same connection).",
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      const attempts: [string, string, string][] = [['bob', '123456', FAIL], ['alice', '654321', FAIL], ['alice', '123456', SUCCESS]];
      for (const [i, [user, password, answer]] of attempts.entries()) {
        await expectAttemptSent(ctx, program, peer, user, password, i + 1);
        await expectAnswerPrinted(ctx, program, peer, answer, answer === FAIL ? i + 1 : 1);
      }
    },
  },
  {
    id: 'client-non-ascii',
    title: 'sends a user name and password that are not ASCII as UTF-8',
    role: 'client',
    tags: ['bad-input'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: "Encode the message as UTF-8 (.encode('utf8')), whatever your system's default encoding is.",
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectAttemptSent(ctx, program, peer, '张三', '密码123', 1);
      await expectAnswerPrinted(ctx, program, peer, SUCCESS, 1);
    },
  },
  {
    id: 'client-ends-when-server-closes',
    title: 'ends by itself when the server closes the connection instead of answering',
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: "recv() returns b'' when the server has closed: if not response: break — b'' is not a failed login to ask again after.",
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectAttemptSent(ctx, program, peer, 'alice', '123456', 1);
      peer.close();
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the server closed the connection');
      expectNoTraceback(program, 'after the server closed the connection');
    },
  },
];

export const loginChecks: readonly Check[] = [...server, ...client];
