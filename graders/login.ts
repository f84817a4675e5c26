// Checks for the login exercise (EXERCISES.md § login, seed 001 §作业).
//
// The server reads `account` (lines user:password) from its working folder; each check writes
// its own. The basic checks use the smallest file, one line without a newline at the end, so the
// line-ending and encoding habits of a program are graded by the bad-input checks alone: several
// lines each ending in a newline, a blank line, a non-ASCII user. A message that is not
// user|password (no '|', not UTF-8) matches no line, so the catalogue's rule ("success when it
// matches a line, else fail") asks for `fail` — on the same connection, which then goes on.
import { t, type Text } from '../harness/i18n/text.js';
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

function describeAccount(account: string): Text {
  return t(`account holding ${JSON.stringify(account)}`, `account 文件内容为 ${JSON.stringify(account)}`);
}

/** One attempt: the message and the answer a right server gives with the check's account file. */
interface Attempt {
  readonly message: string | Buffer;
  readonly expected: typeof SUCCESS | typeof FAIL;
  /** Why that is the answer, for the failure message. */
  readonly because?: Text;
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
    const nthZh = attempts.length > 1 ? `（这个连接上的第 ${i + 1} 次尝试）` : '';
    const held = describeAccount(account);
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
      const quietS = ctx.timeouts.replyMs / 1000;
      const how = peer.closeKind === 'reset' ? 'reset the connection' : peer.closeKind ? 'closed the connection' : `kept silent for ${quietS} s`;
      const howZh = peer.closeKind === 'reset' ? '它重置了连接' : peer.closeKind ? '它关闭了连接' : `它在 ${quietS} 秒内一直没有回应`;
      fail(t(
        `we sent ${sent}${nth} with an ${held.en}; the server did not answer: it ${how}`,
        `在 ${held.zh} 时，我们发送了 ${sent}${nthZh}；服务器没有回答：${howZh}`,
      ), {
        expected: attempt.expected,
        actual: '(nothing)',
      });
    }
    if (!answer.data.equals(Buffer.from(attempt.expected))) {
      const { because } = attempt;
      fail(t(
        `we sent ${sent}${nth} with an ${held.en}; the server answered ${previewBytes(answer.data)} instead of ${JSON.stringify(attempt.expected)}${because ? ` (${because.en})` : ''}`,
        `在 ${held.zh} 时，我们发送了 ${sent}${nthZh}；服务器回答的是 ${previewBytes(answer.data)}，而不是 ${JSON.stringify(attempt.expected)}${because ? `（${because.zh}）` : ''}`,
      ), {
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
    title: t('starts and listens on the assigned port', '启动并在指定的端口上监听'),
    role: 'server',
    tags: ['basic'],
    points: 1,
    hint: t(
      "bind() the host and port you are given and call listen() before anything else; open 'account' from the current folder.",
      "先 bind() 给定的主机和端口并调用 listen()，再做其他事情；从当前目录打开 'account'。",
    ),
    async run(ctx) {
      const { program } = await ctx.startServer({ files: { account: ACCOUNT } });
      if (program.hasExited) fail(t(`the server ${describeEnding(program)} right after it started listening`, `服务器刚开始监听就结束了：${describeEnding(program)}`));
    },
  },
  {
    id: 'server-accepts-right-password',
    title: t("answers success to user|password when account has the line user:password", 'account 中有 user:password 这一行时，对 user|password 回答 success'),
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Split the message at '|', compare with each line of account split at ':' (strip the line first), and send b'success' when both parts are equal.",
      "用 '|' 拆分消息，和 account 中每一行用 ':' 拆分的结果比较（先对这一行 strip()），两部分都相等时发送 b'success'。",
    ),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [RIGHT]);
    },
  },
  {
    id: 'server-rejects-wrong-password',
    title: t('answers fail to a known user with a wrong password', '已知用户的密码错误时回答 fail'),
    role: 'server',
    tags: ['basic'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Both parts must be equal (==) to a line's user and password; a password that is only part of the right one is wrong.",
      "两部分都必须和某一行的用户名、密码相等（==）；只是正确密码一部分的密码是错误的。",
    ),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [{ message: 'alice|12345', expected: FAIL, because: t('the password is 123456', '密码是 123456') }]);
    },
  },
  {
    id: 'server-rejects-unknown-user',
    title: t('answers fail to a user that is not in account', '对 account 中没有的用户回答 fail'),
    role: 'server',
    tags: ['basic'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t("Compare the whole user name (==), not with `in` or startswith(): 'ali' is not 'alice'.", "比较完整的用户名（==），不要用 `in` 或 startswith()：'ali' 不是 'alice'。"),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [{ message: 'ali|123456', expected: FAIL, because: t('there is no user ali', '没有用户 ali') }]);
    },
  },
  {
    id: 'server-retries-on-one-connection',
    title: t('answers several attempts on one connection: fail, fail, then success', '在同一个连接上回答多次尝试：fail、fail，然后 success'),
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t('Loop on the connection: recv() an attempt, answer it, and recv() the next, until the client leaves.', '在这个连接上循环：recv() 一次尝试，回答它，再 recv() 下一次，直到客户端离开。'),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [
        { message: 'bob|123456', expected: FAIL, because: t('there is no user bob', '没有用户 bob') },
        { message: 'alice|654321', expected: FAIL, because: t('the password is 123456', '密码是 123456') },
        RIGHT,
      ]);
    },
  },
  {
    id: 'server-serves-reference-client',
    title: t('lets the reference client log in after one wrong password, and end', '参考客户端输错一次密码后，让它登录成功并结束'),
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Answer each attempt with b'fail' or b'success' and nothing else; when recv() returns b'' close the client's socket.",
      "对每次尝试只回答 b'fail' 或 b'success'，不要有别的内容；recv() 返回 b'' 时关闭与该客户端的套接字。",
    ),
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
        const held = describeAccount(ACCOUNT);
        fail(t(
          `the reference client sent "alice|000000", then "alice|123456", with an ${held.en}; the server answered ${previewBytes(toClient)}`,
          `在 ${held.zh} 时，参考客户端先发送 "alice|000000"，再发送 "alice|123456"；服务器回答的是 ${previewBytes(toClient)}`,
        ), {
          expected: '"fail", then "success"',
          actual: toClient.toString('utf8') || '(nothing)',
        });
      }
      if (!exit) fail(t(`the reference client got success but did not end within ${ctx.timeouts.exitMs / 1000} s`, `参考客户端收到了 success，但没有在 ${ctx.timeouts.exitMs / 1000} 秒内结束`));
      if (exit.code !== 0) {
        const stderr = client.stderr.text().trim();
        fail(t(`the reference client ended with an error: ${stderr || `exit code ${exit.code}`}`, `参考客户端因错误而结束：${stderr || `退出码 ${exit.code}`}`));
      }
    },
  },
  {
    id: 'server-account-lines',
    title: t('finds every user of an account file of several lines, each ending in a newline', 'account 文件有多行、每行都以换行符结尾时，能找到其中的每个用户'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Each line read from a file ends with '\\n' (readlines() and `for line in f` keep it): line.strip() before split(':'), or the password is '123456\\n'.",
      "从文件读出的每一行都以 '\\n' 结尾（readlines() 和 `for line in f` 都会保留它）：先 line.strip() 再 split(':')，否则密码会是 '123456\\n'。",
    ),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT_LINES, [
        { message: 'admin|admin888', expected: SUCCESS, because: t('admin:admin888 is the first line', 'admin:admin888 是第一行') },
        { message: 'alice|123456', expected: SUCCESS, because: t('alice:123456 is the second line', 'alice:123456 是第二行') },
        { message: 'bob|secret', expected: SUCCESS, because: t('bob:secret is the last line, followed by a newline', 'bob:secret 是最后一行，后面跟着一个换行符') },
        { message: 'bob|123456', expected: FAIL, because: t("123456 is alice's password, not bob's", '123456 是 alice 的密码，不是 bob 的') },
      ]);
    },
  },
  {
    id: 'server-account-blank-line',
    title: t('skips a blank line in account and still finds the users after it', '跳过 account 中的空行，仍能找到空行之后的用户'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "A blank line has no ':': ''.split(':') gives [''] and unpacking it raises ValueError. Skip lines that are empty after strip() (if not line: continue).",
      "空行中没有 ':'：''.split(':') 得到 ['']，对它解包会抛出 ValueError。跳过 strip() 之后为空的行（if not line: continue）。",
    ),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT_BLANK, [
        { message: 'bob|secret', expected: SUCCESS, because: t('bob:secret comes after the blank line', 'bob:secret 在空行之后') },
        { message: 'carol|secret', expected: FAIL, because: t('there is no user carol', '没有用户 carol') },
      ]);
    },
  },
  {
    id: 'server-account-non-ascii',
    title: t('finds a user whose name and password are not ASCII (UTF-8 in account and in the message)', '能找到用户名和密码不是 ASCII 的用户（account 和消息中都是 UTF-8）'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Read account as UTF-8 (open('account', encoding='utf-8')) and decode the message as UTF-8, so 张三 in the file equals 张三 in the message.",
      "按 UTF-8 读取 account（open('account', encoding='utf-8')），并按 UTF-8 解码消息，这样文件中的 张三 才等于消息中的 张三。",
    ),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT_CHINESE, [
        { message: '张三|密码123', expected: SUCCESS, because: t('the file holds 张三:密码123 in UTF-8', '文件中以 UTF-8 存有 张三:密码123') },
        { message: '张三|123', expected: FAIL, because: t("张三's password is 密码123", '张三 的密码是 密码123') },
      ]);
    },
  },
  {
    id: 'server-no-separator',
    title: t("answers fail to a message without '|' and goes on serving that client", "对没有 '|' 的消息回答 fail，并继续为这个客户端服务"),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "user, pwd = data.split('|') raises ValueError when there is no '|': check first (if '|' not in data) or catch the error, and answer b'fail'.",
      "没有 '|' 时 user, pwd = data.split('|') 会抛出 ValueError：先检查（if '|' not in data）或者捕获这个错误，然后回答 b'fail'。",
    ),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [{ message: 'alice123456', expected: FAIL, because: t("it has no '|', so it matches no line", "它没有 '|'，所以不匹配任何一行") }, RIGHT]);
    },
  },
  {
    id: 'server-invalid-utf8',
    title: t('answers fail to a message that is not valid UTF-8 and goes on serving that client', '对不是合法 UTF-8 的消息回答 fail，并继续为这个客户端服务'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "decode('utf-8') raises UnicodeDecodeError on bytes that are not UTF-8: decode with errors='replace' or catch the error, and answer b'fail'.",
      "对不是 UTF-8 的字节调用 decode('utf-8') 会抛出 UnicodeDecodeError：用 errors='replace' 解码或者捕获这个错误，然后回答 b'fail'。",
    ),
    async run(ctx) {
      await playAttempts(ctx, ACCOUNT, [{ message: Buffer.from([0x61, 0x6c, 0x69, 0x63, 0x65, 0x7c, 0xff, 0xfe, 0xe5, 0xbc]), expected: FAIL, because: t('no password in account is that', 'account 中没有这样的密码') }, RIGHT]);
    },
  },
  {
    id: 'server-client-leaves',
    title: t('closes the connection, without spinning, when the client closes its side', '客户端关闭自己一端时关闭连接，不会空转'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "recv() returns b'' when the client has left: break out of the loop and conn.close() — breaking out without close() leaves the connection open.",
      "客户端离开后 recv() 会返回 b''：跳出循环并 conn.close()——只跳出循环而不 close()，连接会一直打开。",
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer({ files: { account: ACCOUNT } });
      const peer = await ctx.connect(address);
      await expectAnswers(ctx, program, peer, ACCOUNT, [RIGHT]);
      const from = peer.received().length;
      peer.shutdownWrite();
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      await expectIdle(program, 'the client closed its side');
      const after = peer.received().subarray(from);
      if (after.length > 0) {
        fail(t(
          `after the client closed its side, the server sent ${previewBytes(after)}; recv() had returned b'', which is no attempt to answer`,
          `客户端关闭自己一端后，服务器发送了 ${previewBytes(after)}；recv() 返回的是 b''，这不是需要回答的登录尝试`,
        ));
      }
      if (!closed) {
        expectNoCrash(program, 'after the client left');
        fail(t(`the server never closed the connection in ${ctx.timeouts.replyMs / 1000} s after the client closed its side`, `客户端关闭自己一端后 ${ctx.timeouts.replyMs / 1000} 秒内，服务器一直没有关闭连接`));
      }
      expectNoCrash(program, 'after the client left');
    },
  },
  {
    id: 'server-sequential',
    title: t('serves clients one after another: one that waited while another logged in is answered once that one leaves', '依次为客户端服务：在别的客户端登录时等待的客户端，会在那个客户端离开后得到回答'),
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t('Put accept() in an outer while True loop; when a client leaves, close its socket and accept the next one.', '把 accept() 放在外层的 while True 循环里；一个客户端离开后，关闭它的套接字，再 accept() 下一个。'),
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
    if (program.hasExited) {
      fail(t(
        `the user typed ${JSON.stringify(user)} and ${JSON.stringify(password)}${n > 1 ? ` (attempt ${n})` : ''}; the client ended (${describeEnding(program)}) without sending them`,
        `用户输入了 ${JSON.stringify(user)} 和 ${JSON.stringify(password)}${n > 1 ? `（第 ${n} 次尝试）` : ''}；客户端没有发送它们就结束了（${describeEnding(program)}）`,
      ));
    }
  }
  const added = got.length > expected.length && got.subarray(0, expected.length).equals(expected) ? previewBytes(got.subarray(expected.length)) : undefined;
  const extra = added !== undefined ? `: it added ${added}` : '';
  const extraZh = added !== undefined ? `：它多加了 ${added}` : '';
  fail(t(
    `the user typed ${JSON.stringify(user)} at ${USER_PROMPT} and ${JSON.stringify(password)} at ${PASSWORD_PROMPT}${n > 1 ? ` (attempt ${n})` : ''}; the client sent ${got.length ? previewBytes(got) : 'nothing'}${extra}`,
    `用户在 ${USER_PROMPT} 处输入了 ${JSON.stringify(user)}，在 ${PASSWORD_PROMPT} 处输入了 ${JSON.stringify(password)}${n > 1 ? `（第 ${n} 次尝试）` : ''}；客户端${got.length ? `发送的是 ${previewBytes(got)}` : '什么也没有发送'}${extraZh}`,
  ), {
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
    fail(t(`the server answered ${JSON.stringify(answer)}; the client did not print it`, `服务器回答了 ${JSON.stringify(answer)}；客户端没有把它打印出来`), {
      expected: `a line showing ${answer}`,
      actual: program.stdout.text().trim() || '(nothing)',
    });
  }
}

const client: Check[] = [
  {
    id: CLIENT_CONNECTS,
    title: t('connects to the assigned server address', '连接到指定的服务器地址'),
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: t(
      "connect() takes one argument, the address tuple: sock.connect((host, port)) with the host and port you are given ({host} {port} or $HOST $PORT).",
      "connect() 只接受一个参数，即地址元组：用给定的主机和端口调用 sock.connect((host, port))（{host} {port} 或 $HOST $PORT）。",
    ),
    async run(ctx) {
      await ctx.acceptClient();
    },
  },
  {
    id: 'client-sends-credentials',
    title: t('sends user|password as typed at 用户名>>> and 密码>>>, and prints the answer', '按在 用户名>>> 和 密码>>> 处的输入发送 user|password，并打印回答'),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "user = input('用户名>>>'); pwd = input('密码>>>'); sock.send(('%s|%s' % (user, pwd)).encode('utf8')) — nothing else; then recv() the answer and print it decoded.",
      "user = input('用户名>>>'); pwd = input('密码>>>'); sock.send(('%s|%s' % (user, pwd)).encode('utf8'))——不要发送别的内容；然后 recv() 回答，解码后打印出来。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectAttemptSent(ctx, program, peer, 'alice', '123456', 1);
      await expectAnswerPrinted(ctx, program, peer, SUCCESS, 1);
    },
  },
  {
    id: 'client-stops-after-success',
    title: t('ends by itself after the answer success, without asking again', '收到回答 success 后自行结束，不再询问'),
    role: 'client',
    tags: ['basic'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "Compare the decoded answer with a str: response.decode('utf8') == 'success' (a bytes object never equals a str), then break.",
      "把解码后的回答和字符串比较：response.decode('utf8') == 'success'（bytes 对象永远不会等于 str），然后 break。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectAttemptSent(ctx, program, peer, 'alice', '123456', 1);
      const from = peer.received().length;
      await peer.send(SUCCESS);
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the server answered success');
      expectNoTraceback(program, 'after success');
      const after = peer.received().subarray(from);
      if (after.length > 0) fail(t(`after success the client sent ${previewBytes(after)}; it should send nothing more and end`, `收到 success 后客户端发送了 ${previewBytes(after)}；它应该不再发送任何内容，直接结束`));
    },
  },
  {
    id: 'client-asks-again-after-fail',
    title: t('after each fail, prints it and asks for the user name and password again', '每次收到 fail 后打印它，并再次询问用户名和密码'),
    role: 'client',
    tags: ['basic'],
    points: 2,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "Loop: ask, send, receive; only success ends the loop — after fail, print it and continue (ask again on the same connection).",
      "循环：询问、发送、接收；只有 success 才结束循环——收到 fail 后打印它并 continue（在同一个连接上再次询问）。",
    ),
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
    title: t('sends a user name and password that are not ASCII as UTF-8', '用 UTF-8 发送不是 ASCII 的用户名和密码'),
    role: 'client',
    tags: ['bad-input'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t("Encode the message as UTF-8 (.encode('utf8')), whatever your system's default encoding is.", "不管系统的默认编码是什么，都用 UTF-8 编码消息（.encode('utf8')）。"),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectAttemptSent(ctx, program, peer, '张三', '密码123', 1);
      await expectAnswerPrinted(ctx, program, peer, SUCCESS, 1);
    },
  },
  {
    id: 'client-ends-when-server-closes',
    title: t('ends by itself when the server closes the connection instead of answering', '服务器不回答而是关闭连接时，自行结束'),
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "recv() returns b'' when the server has closed: if not response: break — b'' is not a failed login to ask again after.",
      "服务器关闭后 recv() 会返回 b''：if not response: break——b'' 不是登录失败，不应该再次询问。",
    ),
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
