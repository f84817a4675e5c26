// Guesses which exercise and role a learner's file is, from its name and contents (and, when the
// file alone leaves it open, the program of the other role beside it), by scoring every
// (exercise, role) of the catalogue on the signs in signals.ts. It says how sure it is: a guess
// with little evidence, or one a close runner-up almost beat, is "unsure" and must be said so.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Exercise } from '../../exercises/schema.js';
import { ROLES, type Role } from '../check/types.js';
import { t, type Text } from '../i18n/text.js';
import { ECHOING_SERVERS, EXERCISE_SIGNS, INTERACTIVE_CLIENTS, NAME_WORDS, ROLE_SIGNS, TCP_SIGN, UDP_SIGN } from './signals.js';

export interface Candidate {
  readonly exercise: string;
  readonly role: Role;
  readonly score: number;
  /** The signs that counted for it, strongest first. */
  readonly reasons: readonly Text[];
}

/** `sure`: strong evidence and a clear lead; `unsure`: a guess, said as one; `unknown`: nothing to go on. */
export type Confidence = 'sure' | 'unsure' | 'unknown';

export interface Guess {
  readonly best: Candidate;
  /** The best candidate of another exercise or role. */
  readonly runnerUp: Candidate | undefined;
  readonly confidence: Confidence;
  /** Every candidate, best first. */
  readonly candidates: readonly Candidate[];
}

/** Evidence below this (for the exercise itself, not the role) is too little to name an exercise. */
const MIN_EVIDENCE = 4;
/** Below this lead over the runner-up, or this much evidence, the guess is said to be unsure. */
const SURE_LEAD = 4;
const SURE_EVIDENCE = 7;
/** A protocol that contradicts the file (SOCK_DGRAM in a TCP exercise). */
const WRONG_TRANSPORT = -10;

interface Tally {
  score: number;
  evidence: number;
  reasons: { text: Text; weight: number; evidence: boolean }[];
}

type Scores = Map<string, Tally>;

const key = (exercise: string, role: Role) => `${exercise}\u0000${role}`;

function add(scores: Scores, exercise: string, role: Role, weight: number, text: Text, counts = true): void {
  const tally = scores.get(key(exercise, role));
  if (!tally) return; // an exercise or role the catalogue does not have
  tally.score += weight;
  if (counts) tally.evidence += weight;
  tally.reasons.push({ text, weight, evidence: counts });
}

function addTo(scores: Scores, exercise: string, target: Role | 'any', weight: number, text: Text): void {
  for (const role of target === 'any' ? ROLES : [target]) add(scores, exercise, role, weight, text);
}

/** Whether a program sends back what it received: a variable filled by a receive and given unchanged to a send. */
function echoesWhatItReceives(source: string): boolean {
  const sendsBack = (names: Iterable<string>, send: (name: string) => RegExp) => [...names].some((name) => send(name).test(source));
  // Python: data = conn.recv(1024) … conn.sendall(data); data, addr = s.recvfrom(1024) … s.sendto(data, addr).
  const python = new Set<string>();
  for (const m of source.matchAll(/(\w+)\s*(?:,\s*\w+\s*)?=\s*[\w.]+\.recv(?:from)?\s*\(/g)) python.add(m[1]!);
  for (const m of source.matchAll(/(\w+)\s*,\s*\w+\s*=\s*self\.request\b/g)) python.add(m[1]!);
  if (sendsBack(python, (n) => new RegExp(`\\.(?:send|sendall)\\s*\\(\\s*${n}\\s*\\)|\\.sendto\\s*\\(\\s*${n}\\s*,`))) return true;
  // C (recv(fd, buf, …) … send(fd, buf, …)), Java (in.read(buf) … out.write(buf, …)), Node (on('data', (chunk) => conn.write(chunk))).
  const buffers = new Set<string>();
  for (const m of source.matchAll(/\b(?:recv|read)\s*\(\s*\w+\s*,\s*(\w+)/g)) buffers.add(m[1]!);
  for (const m of source.matchAll(/\.read\s*\(\s*([A-Za-z_]\w*)\s*[,)]/g)) buffers.add(m[1]!);
  for (const m of source.matchAll(/\.on\s*\(\s*['"]data['"]\s*,\s*(?:function\s*)?\(?\s*(\w+)\s*\)?\s*(?:=>|\{)/g)) buffers.add(m[1]!);
  if (sendsBack(buffers, (n) => new RegExp(`\\b(?:send\\w*|write)\\s*\\(\\s*\\w+\\s*,\\s*${n}\\b|\\.write\\s*\\(\\s*${n}\\b`))) return true;
  return /\b(\w+)\.pipe\s*\(\s*\1\s*\)/.test(source);
}

/** Whether the first accept() of a Python program sits in no loop: it serves one client and ends (seed 000's echo). */
function acceptsOnce(source: string): boolean {
  const lines = source.split('\n');
  const at = lines.findIndex((l) => /\.accept\s*\(/.test(l) && !/^\s*#/.test(l));
  if (at < 0) return false;
  const indent = (l: string) => l.length - l.trimStart().length;
  let level = indent(lines[at]!);
  for (let i = at - 1; i >= 0 && level > 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (indent(line) < level) {
      if (/^\s*(while|for)\b/.test(line)) return false;
      if (/^\s*def\b/.test(line)) return false; // called from somewhere we do not follow
      level = indent(line);
    }
  }
  return true;
}

function transportOf(source: string): 'tcp' | 'udp' | undefined {
  const udp = UDP_SIGN.test(source);
  const tcp = TCP_SIGN.test(source);
  if (udp && !tcp) return 'udp';
  if (tcp && !udp) return 'tcp';
  return undefined;
}

/** How much each role is suggested by what the program does and by its file name. */
function roleScores(source: string, fileName: string): Record<Role, { score: number; reasons: Text[] }> {
  const result: Record<Role, { score: number; reasons: Text[] }> = { server: { score: 0, reasons: [] }, client: { score: 0, reasons: [] } };
  for (const sign of ROLE_SIGNS) {
    if (sign.pattern.test(source)) result[sign.role].score += sign.weight;
  }
  // A UDP client sends first, to an address it knows, and binds nothing.
  if (/\bsendto\s*\(/.test(source) && !/\bbind\s*\(/.test(source)) result.client.score += 4;
  const name = basename(fileName).toLowerCase();
  if (/serv|srv|服务/.test(name)) result.server.score += 4;
  if (/client|cli\b|客户/.test(name)) result.client.score += 4;
  for (const role of ROLES) {
    if (result[role].score > 0) {
      result[role].reasons.push(role === 'server' ? t('it binds, listens or accepts like a server', '它像服务器一样 bind、listen 或 accept') : t('it connects or sends first like a client', '它像客户端一样 connect 或先发送'));
    }
  }
  return result;
}

/** Scores one source text: every (exercise, role) of the catalogue, with the evidence for each. */
function scoreSource(source: string, fileName: string, exercises: readonly Exercise[]): Scores {
  const scores: Scores = new Map();
  for (const exercise of exercises) {
    for (const role of ROLES) if (exercise.roles[role]) scores.set(key(exercise.id, role), { score: 0, evidence: 0, reasons: [] });
  }
  for (const sign of EXERCISE_SIGNS) {
    if (!sign.pattern.test(source)) continue;
    for (const [exercise, [target, weight]] of Object.entries(sign.points)) addTo(scores, exercise, target, weight, sign.says);
  }
  const transport = transportOf(source);
  if (echoesWhatItReceives(source)) {
    for (const id of transport === 'udp' ? ECHOING_SERVERS.udp : transport === 'tcp' ? ECHOING_SERVERS.tcp : [...ECHOING_SERVERS.tcp, ...ECHOING_SERVERS.udp]) {
      add(scores, id, 'server', 4, t('it sends back what it received', '它把收到的数据原样发回'));
    }
  }
  const threads = /\bthreading\b|\bThread\s*\(|\b_thread\b|ThreadingTCPServer|ThreadingMixIn|pthread_create|new\s+Thread\s*\(/.test(source);
  const quits = /['"]quit['"]/.test(source);
  const exits = /['"]exit['"]/.test(source);
  if (threads) {
    add(scores, 'thread-echo', 'server', 1, t('threads', '使用线程'));
    add(scores, 'thread-echo', 'client', 3, t('threads', '使用线程'));
    addTo(scores, 'threading-menu', 'server', 2, t('threads', '使用线程'));
  }
  if (threads && quits) add(scores, 'thread-echo', 'server', 6, t("a thread per client and the word 'quit'", "每个客户端一个线程，并有 'quit'"));
  if (quits) {
    add(scores, 'time-chat', 'server', 3, t("the word 'quit'", "'quit'"));
    add(scores, 'udp-hello', 'client', 3, t("the word 'quit'", "'quit'"));
  }
  if (exits) {
    add(scores, 'thread-echo', 'client', 4, t("the word 'exit'", "'exit'"));
    addTo(scores, 'threading-menu', 'any', 4, t("the word 'exit'", "'exit'"));
  }
  if (acceptsOnce(source)) add(scores, 'echo', 'server', 2, t('it serves one client and ends, as seed 000 does', '它只服务一个客户端就结束（同教程 000）'));
  if (/\b(raw_)?input\s*\(|sys\.stdin/.test(source)) {
    for (const id of INTERACTIVE_CLIENTS) add(scores, id, 'client', 1, t('it reads what the user types', '它读取用户输入'));
  }
  // File-name words: `udp_client.py`, `file_server.py`.
  const words = basename(fileName, extname(fileName)).toLowerCase().split(/[^a-z]+/).filter(Boolean);
  for (const word of new Set(words)) {
    for (const id of NAME_WORDS[word] ?? []) addTo(scores, id, 'any', 2, t(`the file name says "${word}"`, `文件名中有 "${word}"`));
  }
  // Role and transport weigh on every candidate, but are no evidence of the exercise itself.
  const roles = roleScores(source, fileName);
  for (const exercise of exercises) {
    for (const role of ROLES) {
      if (!exercise.roles[role]) continue;
      if (roles[role].score > 0) add(scores, exercise.id, role, roles[role].score, roles[role].reasons[0]!, false);
      if (transport && exercise.protocol !== transport) {
        add(scores, exercise.id, role, WRONG_TRANSPORT, transport === 'udp' ? t('it uses UDP', '它使用 UDP') : t('it uses TCP', '它使用 TCP'), false);
      }
    }
  }
  return scores;
}

function rank(scores: Scores): Candidate[] {
  return [...scores.entries()]
    .map(([k, tally]) => {
      const [exercise, role] = k.split('\u0000') as [string, Role];
      const reasons = tally.reasons.filter((r) => r.weight > 0).sort((a, b) => Number(b.evidence) - Number(a.evidence) || b.weight - a.weight).map((r) => r.text);
      return { exercise, role, score: tally.score, evidence: tally.evidence, reasons };
    })
    .sort((a, b) => b.score - a.score || b.evidence - a.evidence)
    .map(({ exercise, role, score, reasons }) => ({ exercise, role, score, reasons }));
}

export interface GuessInput {
  readonly fileName: string;
  readonly source: string;
  /** Other programs of the same submission (name and text), e.g. the client beside the server. */
  readonly partners?: readonly { readonly fileName: string; readonly source: string }[];
}

/** The best (exercise, role) for a program, the runner-up, and how sure the guess is. */
export function guessExercise(input: GuessInput, exercises: readonly Exercise[]): Guess {
  const scores = scoreSource(input.source, input.fileName, exercises);
  const alone = rank(scores);
  const role = alone[0]?.role;
  // The program of the other role, when there is one, tells the exercise (not the role): a
  // server that only echoes is echo's or echo-loop's, and its client's prompt says which.
  for (const partner of input.partners ?? []) {
    const partnerScores = scoreSource(partner.source, partner.fileName, exercises);
    const top = rank(partnerScores)[0];
    if (!top || top.role === role) continue;
    const evidence = partnerScores.get(key(top.exercise, top.role))?.evidence ?? 0;
    if (evidence < MIN_EVIDENCE) continue;
    const weight = Math.min(5, evidence / 2);
    for (const r of ROLES) add(scores, top.exercise, r, weight, t(`${partner.fileName} beside it looks like the ${top.exercise} ${top.role}`, `旁边的 ${partner.fileName} 像是 ${top.exercise} ${top.role}`));
  }
  const candidates = rank(scores);
  const best = candidates[0];
  if (!best) throw new Error('the catalogue has no exercise to guess from');
  const runnerUp = candidates[1];
  const evidence = scores.get(key(best.exercise, best.role))?.evidence ?? 0;
  const lead = best.score - (runnerUp?.score ?? 0);
  // A file that neither serves nor connects is not a network program of any exercise.
  const networked = ROLE_SIGNS.some((sign) => sign.pattern.test(input.source) && sign.weight > 1) || /\bsendto\s*\(/.test(input.source);
  const confidence: Confidence = !networked || evidence < MIN_EVIDENCE ? 'unknown' : evidence >= SURE_EVIDENCE && lead >= SURE_LEAD ? 'sure' : 'unsure';
  return { best, runnerUp, confidence, candidates };
}

/** Source files beside `file` that may be the other role's program (same extension, small, at most 20). */
export function readPartners(file: string): { fileName: string; source: string }[] {
  const dir = join(file, '..');
  const ext = extname(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n !== basename(file) && extname(n) === ext && ext !== '')
    .slice(0, 20)
    .flatMap((n) => {
      const path = join(dir, n);
      try {
        const st = statSync(path);
        if (!st.isFile() || st.size > 256 * 1024) return [];
        return [{ fileName: n, source: readFileSync(path, 'utf8') }];
      } catch {
        return [];
      }
    });
}
