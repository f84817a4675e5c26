// Expectations about interactive UDP clients (udp-hello, udp-echo). The user is standard input:
// lines are typed one at a time and stdin stays open. A UDP client never "connects", so the first
// sign of life is its first datagram: `startUdpClient` is the UDP counterpart of ctx.acceptClient().
import { t } from '../../harness/i18n/text.js';
import { defineBaseline, type BaselineScenario, type CheckContext } from '../../harness/check/context.js';
import { fail } from '../../harness/check/failure.js';
import { describeEnding, describeWaiting, diagnoseEarlyExit, hintForCrash } from '../../harness/check/diagnose.js';
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
const SEND_HINT = "A UDP client needs no connect(): read a line with input(), then sendto(line.encode('utf-8'), (host, port)) with the host and port you are given.";

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
  const typed = `we typed ${JSON.stringify(line)}`;
  if (arrival.kind === 'ended') {
    await program.settle(SETTLE_MS);
    const quoted = JSON.stringify(line);
    const diagnosis = diagnoseEarlyExit(program, 'client', t(`before it sent anything (we typed ${quoted})`, `在发送任何数据之前（我们输入了 ${quoted}）`), 'udp');
    return fail(diagnosis.message, diagnosis.hint ? { hint: diagnosis.hint } : {});
  }
  const within = `the client sent nothing to 127.0.0.1:${peer.port} within ${seconds(ctx.timeouts.startupMs)} after ${typed}`;
  if (isWaitingForInput(program)) {
    return fail(`${within}: it read the line and is waiting for more keyboard input`, {
      hint: 'Send each line as soon as it is typed: input() one line, sendto() it, then wait for the reply.',
    });
  }
  const doing = describeWaiting(program);
  return fail(`${within}${doing ? `; meanwhile it was ${doing}` : ''}`, {
    hint: ctx.settings.redirect && program.isPython
      ? SEND_HINT
      : 'Send to the host and port you are given ({host} {port} in the command, or $HOST and $PORT), or leave address redirection on (no --no-redirect).',
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
      return fail(`the client ${describeEnding(run.program)} after we typed ${JSON.stringify(line)}, before sending it`, hint ? { hint } : {});
    }
    const waiting = isWaitingForInput(run.program) ? ': it is waiting for more keyboard input' : '';
    return fail(`the client sent nothing within ${seconds(ctx.timeouts.replyMs)} after we typed ${JSON.stringify(line)}${waiting}`, {
      hint: 'After printing a reply, ask for the next line and send it the same way (a while True loop around input(), sendto() and recvfrom()).',
    });
  }
}

/** Waits until the client's output shows `reply`; fails with what it printed or why it ended. */
export async function expectReplyShown(ctx: CheckContext, program: Program, reply: Buffer, situation: string): Promise<void> {
  const shown = await program.stdout.waitFor((text) => showsPayload(text, reply), ctx.timeouts.replyMs);
  if (shown) return;
  if (program.hasExited) {
    await program.settle(SETTLE_MS);
    const hint = hintForCrash(program.stderr.text());
    fail(`the client ${describeEnding(program)} ${situation}, without printing it`, hint ? { hint } : {});
  }
  const printed = program.stdout.text().trim();
  fail(`the client did not print the reply ${previewBytes(reply)} within ${seconds(ctx.timeouts.replyMs)} ${situation}; it printed ${printed ? JSON.stringify(printed.slice(-300)) : 'nothing'}`, {
    expected: `a line showing ${previewBytes(reply)}`,
    actual: printed || '(nothing)',
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

function newlineHint(sent: Buffer, expected: Buffer): string | undefined {
  const text = sent.toString('utf8');
  if (/\r?\n$/.test(text) && text.replace(/\r?\n$/, '') === expected.toString('utf8')) {
    return "sys.stdin.readline() keeps the line's newline; input() does not. Send the line without it (input(), or line.rstrip('\\n')).";
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
      fail(`for the typed line ${JSON.stringify(line)} the client sent ${previewBytes(datagram.data)}; the reference client sends ${previewBytes(expected)}`, {
        expected: previewBytes(expected),
        actual: previewBytes(datagram.data),
        ...(hint ? { hint } : {}),
      });
    }
    sent.push(datagram.data);
    const reply = script.replyOf(datagram.data);
    await run.peer.send(reply, datagram.from);
    await expectReplyShown(ctx, run.program, reply, `after the server answered ${JSON.stringify(line)}`);
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
  await expectReplyShown(ctx, run.program, reply, 'after the server answered "world"');
  const responder = answerAll(run.peer, replyOf, run.first.data);
  const typed = word === '' ? 'an empty line' : JSON.stringify(word);
  try {
    run.program.writeStdin(`${word}\n`);
    const exit = await run.program.waitExit(ctx.timeouts.exitMs);
    if (exit) {
      await run.program.settle(SETTLE_MS);
      expectNoCrash(run.program, `after we typed ${typed}`);
      return;
    }
    const sent = responder.received.length ? `it sent ${responder.received.map(describeSent).join(', ')} to the server as a message` : 'it sent nothing';
    const waiting = isWaitingForInput(run.program) ? ' and is waiting for the next line' : '';
    fail(`after we typed ${typed} the client did not end within ${seconds(ctx.timeouts.exitMs)}: ${sent}${waiting}`);
  } finally {
    await responder.stop();
  }
}

function describeSent(data: Buffer): string {
  return data.length === 0 ? 'an empty datagram' : previewBytes(data);
}

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
  const lost = `we dropped the reply to ${previewBytes(first.data)} (as a lossy network may)`;
  const started = performance.now();
  const retryHint = 'UDP may lose a datagram or its reply: call settimeout(1) on the socket, and when recvfrom() raises socket.timeout, send the same datagram again (a few times) before giving up.';
  const arrival = await receiveOrEnd(peer, program, boundMs);
  if (arrival.kind === 'ended') {
    await program.settle(SETTLE_MS);
    fail(`${lost}; ${seconds(performance.now() - started)} later, without sending it again, the client ${describeEnding(program)}`, {
      hint: 'A timeout raises socket.timeout (TimeoutError in Python 3.10+): catch it around recvfrom() and send the same datagram again, a few times, before giving up.',
    });
  }
  if (arrival.kind === 'timeout') {
    // Judged only at the bound: a client may wait for keyboard input in one thread while another
    // retries, so waiting on stdin is not by itself proof of giving up.
    if (isWaitingForInput(program)) {
      fail(`${lost}; in ${seconds(boundMs)} the client never sent it again: it gave up on the reply and is waiting for the next line`, {
        hint: 'When recvfrom() times out, send the same datagram again (a few tries) before asking for the next line.',
      });
    }
    const doing = describeWaiting(program);
    fail(`${lost}; in ${seconds(boundMs)} the client never sent it again and is still ${doing ?? 'running'}: with no timeout, recvfrom() waits forever for a lost reply`, { hint: retryHint });
  }
  const again = arrival.datagram;
  if (!again.data.equals(first.data)) {
    fail(`${lost}; the client then sent ${previewBytes(again.data)} instead of sending ${previewBytes(first.data)} again`, { hint: retryHint });
  }
  ctx.transcript.add('peer', 'note', `the client sent it again after ${Math.round(performance.now() - started)} ms`);
  const reply = replyOf(again.data);
  await peer.send(reply, again.from);
  await expectReplyShown(ctx, program, reply, 'after the server answered the datagram sent again');
}

/** What the reference client sends when `lines` are typed: a baseline for the client checks. */
export function referenceClientScript(exercise: string, lines: readonly string[], replyOf: ReplyOf): BaselineScenario<ClientTranscript> {
  return defineBaseline(`${exercise} reference client typing ${lines.length} lines`, (ctx) => runClientScript(ctx, 'reference', { lines, replyOf }));
}
