// Unframed answers: the tutorials' protocols have no terminator, so an answer is what arrives
// until it is complete by the exercise's own rule, or the program stops sending.
import { isCheckFailure } from '../../harness/check/failure.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import { t } from '../../harness/i18n/text.js';

const AN_ANSWER = t('an answer', '回复');

export interface Answer {
  /** Bytes received from offset `from` on. */
  readonly data: Buffer;
  /** Whether `isComplete` held; false when the program closed or stayed silent first. */
  readonly complete: boolean;
}

/**
 * Waits (bounded) until the bytes after `from` satisfy `isComplete`, or the connection closes, or
 * `timeoutMs` passes, and returns what came. Never fails: the check judges what came.
 * `const { data } = await readAnswer(peer, 0, (d) => d.length >= 46, ctx.timeouts.replyMs)`
 */
export async function readAnswer(peer: TcpPeer, from: number, isComplete: (data: Buffer) => boolean, timeoutMs: number): Promise<Answer> {
  const test = (received: Buffer) => isComplete(received.subarray(from));
  try {
    await peer.readUntil(test, AN_ANSWER, timeoutMs);
  } catch (error) {
    if (!isCheckFailure(error)) throw error;
  }
  const data = peer.received().subarray(from);
  return { data, complete: isComplete(data) };
}

/** `isComplete` for answers that are one of a few words: it is one of them, or can no longer become one. */
export function isOneOfWords(words: readonly Uint8Array[]): (data: Buffer) => boolean {
  return (data) => words.some((w) => data.equals(w)) || !words.some((w) => data.length < w.length && data.equals(w.subarray(0, data.length)));
}
