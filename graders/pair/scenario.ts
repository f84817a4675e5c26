// What a pair scenario is: the learner's client against the learner's server through our fault
// proxy (TCP) or relay (UDP), with what the client is typed, what it must show and which faults
// the exercise's protocol tolerates. Each exercise declares one PairSpec (graders/pair/<id>.ts);
// pairChecks() turns it into checks.
import type { RunFile } from '../../harness/check/context.js';
import type { Text } from '../../harness/i18n/text.js';
import type { FaultTag } from '../../harness/check/types.js';
import type { LinkFault } from '../../harness/net/faults/link.js';
import type { DatagramFault } from '../../harness/net/faults/fault.js';
import type { Program } from '../../harness/process/program.js';

export type Bytes = string | Uint8Array;

/**
 * What a right pair does under a fault. `same`: the fault only reshapes or delays the data, so the
 * learner's pair must end up exactly where the reference pair does (what the client shows, what
 * the server received). `survives`: the fault breaks the exchange for every pair, the reference's
 * included; a right pair then ends (no hang, no busy loop) as the reference pair does.
 */
export type PairExpectation = 'same' | 'survives';

export interface TcpPairFault {
  readonly tag: Extract<FaultTag, 'sliced' | 'latency' | 'stall' | 'reset' | 'cut'>;
  readonly toServer?: LinkFault;
  readonly toClient?: LinkFault;
  /** How much later than without the fault a right pair may finish (the delays it adds). */
  readonly delayMs?: number;
}

export interface UdpPairFault {
  readonly tag: Extract<FaultTag, 'drop' | 'duplicate' | 'reorder'>;
  readonly toServer?: DatagramFault;
  readonly toClient?: DatagramFault;
  /** How much later a right pair may finish: a lost datagram costs the client's retry timeout. */
  readonly delayMs?: number;
}

export const SURVIVE_TAGS: readonly FaultTag[] = ['reset', 'cut'];

export function expectationOf(tag: FaultTag | 'clean'): PairExpectation {
  return tag !== 'clean' && SURVIVE_TAGS.includes(tag) ? 'survives' : 'same';
}

/** What a finished pair run shows, for a check to judge. */
export interface PairFinished {
  readonly client: Program;
  readonly server: Program;
}

interface CommonSpec {
  /** Lines typed into the client, in order; its standard input stays open afterwards. */
  readonly stdin?: readonly string[];
  /** The client's documented prompt: each line is typed when it has asked this often (else all at once). */
  readonly prompt?: string;
  /** Files put in the server's folder before it starts (login's account, file-transfer's python.jpg). */
  readonly serverFiles?: Readonly<Record<string, RunFile>>;
  /**
   * What the client must show, in order: fixed payloads the reference pair's client shows, or a
   * function of what the server sent (a reply that holds the time of day).
   */
  readonly shows: readonly Bytes[] | ((serverSent: Buffer) => readonly Bytes[]);
  /**
   * What the server sends may rightly differ from the reference server's (a size framed with a
   * newline): then it is not compared, only what the client shows (and `verify`).
   */
  readonly serverSendsVary?: boolean;
  /** A right client ends by itself once the exchange is over (else the scenario ends when everything is shown). */
  readonly endsByItself: boolean;
  /** A check on what the learner's pair left behind (the file the client wrote); throws fail() when wrong. */
  readonly verify?: (run: PairFinished) => Promise<void>;
  /** Shown with a failure of the clean scenario: what makes a pair work together. */
  readonly hint: Text;
  /**
   * The reference pair's outcome in every scenario is the same on every run (no time of day in
   * it; retries only repeat a datagram): it is then kept across runs. `module` is the spec's
   * `import.meta.url`; bump `version` when the outcome changes for a reason the code cannot show.
   */
  readonly stableReference?: { readonly version: number; readonly module: string | URL };
}

export interface TcpPairSpec extends CommonSpec {
  readonly protocol: 'tcp';
  /** Faults beyond the clean scenario, each its own check; those the protocol tolerates (exercises/README.md). */
  readonly faults: readonly TcpPairFault[];
}

export interface UdpPairSpec extends CommonSpec {
  readonly protocol: 'udp';
  readonly faults: readonly UdpPairFault[];
}

export type PairSpec = TcpPairSpec | UdpPairSpec;
export type PairFault = TcpPairFault | UdpPairFault;
