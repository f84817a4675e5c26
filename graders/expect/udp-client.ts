// Expectations about interactive UDP clients (udp-hello, udp-echo). The user is standard input:
// lines are typed one at a time and stdin stays open. A UDP client never "connects", so the first
// sign of life is its first datagram: `startUdpClient` is the UDP counterpart of ctx.acceptClient().
import { z } from 'zod';
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import { defineBaseline, type BaselineScenario, type CheckContext } from '../../harness/check/context.js';
import { fail } from '../../harness/check/failure.js';
import { describeWaiting, diagnoseEarlyExit, endingText, hintForCrash } from '../../harness/check/diagnose.js';
import type { Datagram, UdpPeer } from '../../harness/net/udp-peer.js';
import { isWaitingForInput } from '../../harness/check/observe.js';
import type { Program } from '../../harness/process/program.js';
import { previewBytes } from '../../harness/util/bytes.js';
import { receiveOrEnd } from './datagrams.js';
import { showsPayload } from './output.js';
import { expectNoCrash } from './process.js';
import type { ReplyOf } from './udp-server.js';

export type Side = 'submission' | 'reference';

/** A client that has sent its first datagram to a scripted UDP server. */
export interface UdpClientRun {
  readonly program: Program;
  readonly peer: UdpPeer;
  /** The datagram the first typed line became. */
  readonly first: Datagram;
}

/** Bound for reading an ended program's last output; settle() returns as soon as its pipes close, so only a loaded machine waits longer. */
const SETTLE_MS = 2000;
/**
 * How long a client may take to send a datagram again after its reply was lost: the reference
 * waits 1 s; a learner's settimeout() of up to 5 s passes, with a second of margin for load.
 */
export const LOSS_BOUND_MS = 6000;
const SEND_HINT = t(
  "A UDP client needs no connect(): read a line with input(), then sendto(line.encode('utf-8'), (host, port)) with the host and port you are given.",
  "UDP 客户端不需要 connect()：用 input() 读一行，然后用分配给你的主机和端口 sendto(line.encode('utf-8'), (host, port))。",
);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}


/**
 * Starts the client (the submission's, or the reference) against a scripted UDP server, types
 * `line` and waits for the datagram it sends. A client that ends first, waits for more input,
 * or sends nothing fails with a diagnosis: use it in every UDP client check.
 * `const { program, peer, first } = await startUdpClient(ctx, 'world')`
 */
export async function startUdpClient(ctx: CheckContext, line: string, side: Side = 'submission'): Promise<UdpClientRun> {
  const peer = await ctx.udp('the client');
  const target = { host: '127.0.0.1', port: peer.port };
  const program = side === 'submission' ? await ctx.startClient(target) : await ctx.startReferenceClient(target);
  program.writeStdin(`${line}\n`);
  const arrival = await receiveOrEnd(peer, program, ctx.timeouts.startupMs);
  if (arrival.kind === 'datagram') return { program, peer, first: arrival.datagram };
  const quoted = JSON.stringify(line);
  if (arrival.kind === 'ended') {
    await program.settle(SETTLE_MS);
    const diagnosis = diagnoseEarlyExit(program, 'client', t(`before it sent anything (we typed ${quoted})`, `在发送任何数据之前（我们输入了 ${quoted}）`), 'udp');
    return fail(diagnosis.message, diagnosis.hint ? { hint: diagnosis.hint } : {});
  }
  const within = seconds(ctx.timeouts.startupMs);
  const silent = t(
    `the client sent nothing to 127.0.0.1:${peer.port} within ${within} after we typed ${quoted}`,
    `我们输入 ${quoted} 之后，客户端在 ${within} 内没有向 127.0.0.1:${peer.port} 发送任何数据`,
  );
  if (isWaitingForInput(program)) {
    return fail(t(`${silent.en}: it read the line and is waiting for more keyboard input`, `${silent.zh}：它读取了这一行，又在等待更多键盘输入`), {
      hint: t(
        'Send each line as soon as it is typed: input() one line, sendto() it, then wait for the reply.',
        '每输入一行就立即发送：input() 读一行，sendto() 发出去，然后等待回复。',
      ),
    });
  }
  const doing = describeWaiting(program);
  return fail(doing ? t(`${silent.en}; meanwhile it was ${doing.en}`, `${silent.zh}；这期间它正在${doing.zh}`) : silent, {
    hint: ctx.settings.redirect && program.isPython
      ? SEND_HINT
      : t(
        'Send to the host and port you are given ({host} {port} in the command, or $HOST and $PORT), or leave address redirection on (no --no-redirect).',
        '发送到分配给你的主机和端口（命令中的 {host} {port}，或 $HOST 和 $PORT），或者保持地址重定向开启（不要用 --no-redirect）。',
      ),
  });
}

/**
 * Types `line` and returns the datagram the client sends for it; fails if it ends or sends nothing.
 * Copies of `previous` are skipped: a client with a timeout may have sent the last line again
 * before our (already sent) reply reached it, e.g. on a loaded machine.
 */
export async function typeAndReceive(ctx: CheckContext, run: UdpClientRun, line: string, previous?: Buffer): Promise<Datagram> {
  run.program.writeStdin(`${line}\n`);
  const deadline = performance.now() + ctx.timeouts.replyMs;
  for (;;) {
    const arrival = await receiveOrEnd(run.peer, run.program, Math.max(0, deadline - performance.now()));
    if (arrival.kind === 'datagram') {
      if (previous && arrival.datagram.data.equals(previous) && !Buffer.from(line).equals(previous)) {
        ctx.transcript.add('peer', 'note', 'a copy of the previous datagram, sent again before our reply reached the client: already answered');
        continue;
      }
      return arrival.datagram;
    }
    if (arrival.kind === 'ended') {
      await run.program.settle(SETTLE_MS);
      const hint = hintForCrash(run.program.stderr.text());
      const ending = endingText(run.program);
      const quoted = JSON.stringify(line);
      return fail(t(`the client ${ending.en} after we typed ${quoted}, before sending it`, `我们输入 ${quoted} 之后，客户端还没发送就${ending.zh}`), hint ? { hint } : {});
    }
    const quoted = JSON.stringify(line);
    const within = seconds(ctx.timeouts.replyMs);
    return fail(isWaitingForInput(run.program)
      ? t(`the client sent nothing within ${within} after we typed ${quoted}: it is waiting for more keyboard input`, `我们输入 ${quoted} 之后，客户端在 ${within} 内什么也没有发送：它在等待更多键盘输入`)
      : t(`the client sent nothing within ${within} after we typed ${quoted}`, `我们输入 ${quoted} 之后，客户端在 ${within} 内什么也没有发送`), {
      hint: t(
        'After printing a reply, ask for the next line and send it the same way (a while True loop around input(), sendto() and recvfrom()).',
        '打印回复之后，再要下一行输入，并以同样的方式发送（用 while True 循环包住 input()、sendto() 和 recvfrom()）。',
      ),
    });
  }
}

/**
 * Waits until the client's output shows `reply`; fails with what it printed or why it ended.
 * `situation` completes "the client ended …" / "客户端……结束了": `t('after the server answered', '在服务器回复之后')`.
 */
export async function expectReplyShown(ctx: CheckContext, program: Program, reply: Buffer, situation: string | Text): Promise<void> {
  const shown = await program.stdout.waitFor((text) => showsPayload(text, reply), ctx.timeouts.replyMs);
  if (shown) return;
  const when = asText(situation);
  const preview = previewBytes(reply);
  if (program.hasExited) {
    await program.settle(SETTLE_MS);
    const hint = hintForCrash(program.stderr.text());
    const ending = endingText(program);
    fail(t(`the client ${ending.en} ${when.en}, without printing it`, `客户端${when.zh}${ending.zh}，没有打印回复`), hint ? { hint } : {});
  }
  const printed = program.stdout.text().trim();
  const within = seconds(ctx.timeouts.replyMs);
  const output = printed ? JSON.stringify(printed.slice(-300)) : undefined;
  fail(output
    ? t(`the client did not print the reply ${preview} within ${within} ${when.en}; it printed ${output}`, `客户端${when.zh}没有在 ${within} 内打印回复 ${preview}；它打印的是 ${output}`)
    : t(`the client did not print the reply ${preview} within ${within} ${when.en}; it printed nothing`, `客户端${when.zh}没有在 ${within} 内打印回复 ${preview}；它什么也没有打印`), {
    expected: t(`a line showing ${preview}`, `显示 ${preview} 的一行`),
    actual: printed || t('(nothing)', '（无）'),
  });
}

export interface ClientScript {
  /** Lines typed one at a time; each must become one datagram that is answered before the next. */
  readonly lines: readonly string[];
  readonly replyOf: ReplyOf;
  /** What the reference client sent for each line, to compare with (absent for the reference itself). */
  readonly expected?: readonly Buffer[];
}

export interface ClientTranscript {
  readonly sent: readonly Buffer[];
  readonly stdout: string;
}

function newlineHint(sent: Buffer, expected: Buffer): Text | undefined {
  const text = sent.toString('utf8');
  if (/\r?\n$/.test(text) && text.replace(/\r?\n$/, '') === expected.toString('utf8')) {
    return t(
      "sys.stdin.readline() keeps the line's newline; input() does not. Send the line without it (input(), or line.rstrip('\\n')).",
      "sys.stdin.readline() 会保留行尾的换行符，input() 不会。发送时不要带换行符（用 input()，或 line.rstrip('\\n')）。",
    );
  }
  return undefined;
}

/**
 * Types each line, answers each datagram as a right server would and waits until the reply is
 * printed; compares each datagram with the reference client's.
 */
export async function runClientScript(ctx: CheckContext, side: Side, script: ClientScript): Promise<ClientTranscript> {
  const sent: Buffer[] = [];
  let run: UdpClientRun | undefined;
  for (const [i, line] of script.lines.entries()) {
    let datagram: Datagram;
    if (!run) {
      run = await startUdpClient(ctx, line, side);
      datagram = run.first;
    } else {
      datagram = await typeAndReceive(ctx, run, line, sent[sent.length - 1]);
    }
    const expected = script.expected?.[i];
    if (expected && !datagram.data.equals(expected)) {
      const hint = newlineHint(datagram.data, expected);
      const quoted = JSON.stringify(line);
      const got = previewBytes(datagram.data);
      const want = previewBytes(expected);
      fail(t(`for the typed line ${quoted} the client sent ${got}; the reference client sends ${want}`, `对于输入的一行 ${quoted}，客户端发送的是 ${got}；参考客户端发送的是 ${want}`), {
        expected: previewBytes(expected),
        actual: previewBytes(datagram.data),
        ...(hint ? { hint } : {}),
      });
    }
    sent.push(datagram.data);
    const reply = script.replyOf(datagram.data);
    await run.peer.send(reply, datagram.from);
    const quoted = JSON.stringify(line);
    await expectReplyShown(ctx, run.program, reply, t(`after the server answered ${quoted}`, `在服务器回复 ${quoted} 之后`));
  }
  return { sent, stdout: run?.program.stdout.text() ?? '' };
}

/** Answers every datagram but copies of `answered` in the background until stopped; what arrived is kept. */
function answerAll(peer: UdpPeer, replyOf: ReplyOf, answered: Buffer): { readonly received: Buffer[]; stop(): Promise<void> } {
  const received: Buffer[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const datagram = await peer.tryReceive(50);
      // A late copy of the datagram already answered is a retry, not something the user typed.
      if (!datagram || stopped || datagram.data.equals(answered)) continue;
      received.push(datagram.data);
      await peer.send(replyOf(datagram.data), datagram.from).catch(() => {});
    }
  })();
  return {
    received,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/**
 * After one answered exchange, types `word` (e.g. `quit`, or an empty line) with stdin left open:
 * the client must end by itself, without a crash. Datagrams it sends meanwhile are answered.
 * `await expectEndsOnLine(ctx, 'quit', replyOf)`
 */
export async function expectEndsOnLine(ctx: CheckContext, word: string, replyOf: ReplyOf): Promise<void> {
  const run = await startUdpClient(ctx, 'world');
  const reply = replyOf(run.first.data);
  await run.peer.send(reply, run.first.from);
  await expectReplyShown(ctx, run.program, reply, t('after the server answered "world"', '在服务器回复 "world" 之后'));
  const responder = answerAll(run.peer, replyOf, run.first.data);
  const typed = word === '' ? t('an empty line', '一个空行') : t(JSON.stringify(word), JSON.stringify(word));
  try {
    run.program.writeStdin(`${word}\n`);
    const exit = await run.program.waitExit(ctx.timeouts.exitMs);
    if (exit) {
      await run.program.settle(SETTLE_MS);
      expectNoCrash(run.program, t(`after we typed ${typed.en}`, `在我们输入${typed.zh}之后`));
      return;
    }
    const list = responder.received.map((d) => (d.length === 0 ? EMPTY_DATAGRAM : t(previewBytes(d), previewBytes(d))));
    const sent = list.length
      ? t(`it sent ${list.map((d) => d.en).join(', ')} to the server as a message`, `它把 ${list.map((d) => d.zh).join('、')} 作为消息发给了服务器`)
      : t('it sent nothing', '它什么也没有发送');
    const within = seconds(ctx.timeouts.exitMs);
    fail(isWaitingForInput(run.program)
      ? t(`after we typed ${typed.en} the client did not end within ${within}: ${sent.en} and is waiting for the next line`, `我们输入${typed.zh}之后，客户端没有在 ${within} 内结束：${sent.zh}，并在等待下一行输入`)
      : t(`after we typed ${typed.en} the client did not end within ${within}: ${sent.en}`, `我们输入${typed.zh}之后，客户端没有在 ${within} 内结束：${sent.zh}`));
  } finally {
    await responder.stop();
  }
}

const EMPTY_DATAGRAM = t('an empty datagram', '一个空数据报');

/**
 * Plays a lossy network: the reply to the client's first datagram is dropped. A right client
 * times out, sends the same datagram again within `boundMs`, and prints the reply to the copy.
 * One that dies of the timeout, goes back to input() without re-sending, or waits forever fails.
 * `await expectRetryAfterLoss(ctx, replyOf, 6000)`
 */
export async function expectRetryAfterLoss(ctx: CheckContext, replyOf: ReplyOf, boundMs: number): Promise<void> {
  const run = await startUdpClient(ctx, 'world');
  const { program, peer, first } = run;
  ctx.transcript.add('peer', 'note', 'did not answer that datagram (simulated loss of the reply)');
  const firstPreview = previewBytes(first.data);
  const lost = t(`we dropped the reply to ${firstPreview} (as a lossy network may)`, `我们丢弃了对 ${firstPreview} 的回复（就像会丢包的网络那样）`);
  const started = performance.now();
  const retryHint = t(
    'UDP may lose a datagram or its reply: call settimeout(1) on the socket, and when recvfrom() raises socket.timeout, send the same datagram again (a few times) before giving up.',
    'UDP 可能丢失数据报或它的回复：对套接字调用 settimeout(1)，当 recvfrom() 抛出 socket.timeout 时，把同一个数据报再发送一次（重试几次）再放弃。',
  );
  const arrival = await receiveOrEnd(peer, program, boundMs);
  if (arrival.kind === 'ended') {
    await program.settle(SETTLE_MS);
    const later = seconds(performance.now() - started);
    const ending = endingText(program);
    fail(t(`${lost.en}; ${later} later, without sending it again, the client ${ending.en}`, `${lost.zh}；${later} 之后，客户端没有重新发送，就${ending.zh}`), {
      hint: t(
        'A timeout raises socket.timeout (TimeoutError in Python 3.10+): catch it around recvfrom() and send the same datagram again, a few times, before giving up.',
        '超时会抛出 socket.timeout（Python 3.10+ 中是 TimeoutError）：在 recvfrom() 外捕获它，把同一个数据报重新发送几次，再放弃。',
      ),
    });
  }
  const bound = seconds(boundMs);
  if (arrival.kind === 'timeout') {
    // Judged only at the bound: a client may wait for keyboard input in one thread while another
    // retries, so waiting on stdin is not by itself proof of giving up.
    if (isWaitingForInput(program)) {
      fail(t(
        `${lost.en}; in ${bound} the client never sent it again: it gave up on the reply and is waiting for the next line`,
        `${lost.zh}；在 ${bound} 内客户端一直没有重新发送：它放弃了这个回复，在等待下一行输入`,
      ), {
        hint: t(
          'When recvfrom() times out, send the same datagram again (a few tries) before asking for the next line.',
          'recvfrom() 超时后，先把同一个数据报重新发送（试几次），再要下一行输入。',
        ),
      });
    }
    const doing = describeWaiting(program) ?? t('running', '运行');
    fail(t(
      `${lost.en}; in ${bound} the client never sent it again and is still ${doing.en}: with no timeout, recvfrom() waits forever for a lost reply`,
      `${lost.zh}；在 ${bound} 内客户端一直没有重新发送，仍在${doing.zh}：没有设置超时，recvfrom() 会永远等待一个已经丢失的回复`,
    ), { hint: retryHint });
  }
  const again = arrival.datagram;
  if (!again.data.equals(first.data)) {
    const sent = previewBytes(again.data);
    fail(t(`${lost.en}; the client then sent ${sent} instead of sending ${firstPreview} again`, `${lost.zh}；客户端随后发送了 ${sent}，而不是重新发送 ${firstPreview}`), { hint: retryHint });
  }
  ctx.transcript.add('peer', 'note', `the client sent it again after ${Math.round(performance.now() - started)} ms`);
  const reply = replyOf(again.data);
  await peer.send(reply, again.from);
  await expectReplyShown(ctx, program, reply, t('after the server answered the datagram sent again', '在服务器回复了重新发送的数据报之后'));
}

/**
 * What the reference client sends when `lines` are typed: a baseline for the client checks, kept
 * across runs. Only the datagrams are kept: what it has printed when the script ends may or may
 * not hold its next prompt yet. `module` is the caller's `import.meta.url` (the lines and replyOf).
 */
export function referenceClientScript(exercise: string, lines: readonly string[], replyOf: ReplyOf, module: string | URL): BaselineScenario<{ readonly sent: readonly Buffer[] }> {
  return defineBaseline(`${exercise} reference client typing ${lines.length} lines`, async (ctx) => {
    const { sent } = await runClientScript(ctx, 'reference', { lines, replyOf });
    return { sent };
  }, { persist: { version: 1, module, schema: z.strictObject({ sent: z.array(z.instanceof(Buffer)).readonly() }) } });
}
