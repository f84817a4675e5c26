// Parsing option values that need more than a type.
import type { Timeouts } from '../check/context.js';
import type { ResourceLimits } from '../process/limits.js';
import { SANDBOX_MODES, type SandboxMode } from '../process/sandbox.js';
import { UsageError } from './usage.js';
import { detectLang, isLang } from '../i18n/locale.js';
import type { Lang } from '../i18n/text.js';

/** `--timeout MS` scales every per-step bound together (start-up, reply, exit). */
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * "500ms", "3s", "1.5s", "2m", or a bare number in the option's own unit → milliseconds.
 * Explicit units let both time options be written the same way.
 */
export function parseDuration(option: string, value: string, bareUnit: 'ms' | 's', minMs: number, maxMs: number): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(value);
  const ms = m ? Number(m[1]) * DURATION_UNITS[(m[2] ?? bareUnit).toLowerCase()]! : NaN;
  if (!Number.isFinite(ms) || ms < minMs || ms > maxMs) {
    throw new UsageError(`${option} takes a duration from ${minMs / 1000} s to ${maxMs / 1000} s such as 3s or 500ms (a bare number is in ${bareUnit === 'ms' ? 'milliseconds' : 'seconds'}), got ${JSON.stringify(value)}`);
  }
  return Math.round(ms);
}

/** `--timeout 3s` (bare numbers in ms) scales every per-step bound together (start-up, reply, exit). */
export function parseTimeouts(value: string | undefined): Partial<Timeouts> | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration('--timeout', value, 'ms', 100, 600_000);
  return { startupMs: ms, replyMs: ms, exitMs: ms, checkMs: Math.max(30_000, ms * 6) };
}

/** `--check-timeout 30s` (bare numbers in seconds): the bound for a whole check. */
export function parseCheckTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return parseDuration('--check-timeout', value, 's', 1000, 3_600_000);
}

/** `--build-timeout 2m` (bare numbers in seconds): the bound for the build step. */
export function parseBuildTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return parseDuration('--build-timeout', value, 's', 1000, 3_600_000);
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** "512M", "64MiB", "1g", "4096" (bytes) → bytes. */
export function parseSize(option: string, value: string, min: number): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit ? Math.round(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < min) throw new UsageError(`${option} takes a size such as 512M or 2G (at least ${min} bytes), got ${JSON.stringify(value)}`);
  return bytes;
}

function parseCount(option: string, value: string, min: number, max: number, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (what !== 'seconds' && !Number.isInteger(n))) {
    throw new UsageError(`${option} takes ${what} from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

export interface LimitOptionValues {
  cpu?: string | undefined;
  memory?: string | undefined;
  processes?: string | undefined;
  output?: string | undefined;
  'file-size'?: string | undefined;
  'open-files'?: string | undefined;
}

/** The limit options given; the others keep their defaults (DEFAULT_LIMITS). */
export function parseLimits(values: LimitOptionValues): ResourceLimits {
  return {
    ...(values.cpu !== undefined ? { cpuSeconds: parseCount('--cpu', values.cpu, 0.1, 3600, 'seconds') } : {}),
    ...(values.memory !== undefined ? { memoryBytes: parseSize('--memory', values.memory, 32 * 1024 * 1024) } : {}),
    ...(values.processes !== undefined ? { processes: parseCount('--processes', values.processes, 1, 10_000, 'a whole number') } : {}),
    ...(values.output !== undefined ? { outputBytes: parseSize('--output', values.output, 1024) } : {}),
    ...(values['file-size'] !== undefined ? { fileSizeBytes: parseSize('--file-size', values['file-size'], 1024) } : {}),
    ...(values['open-files'] !== undefined ? { openFiles: parseCount('--open-files', values['open-files'], 16, 65_536, 'a whole number') } : {}),
  };
}

export function parseSandbox(value: string | undefined): SandboxMode {
  if (value === undefined) return 'auto';
  if (!(SANDBOX_MODES as readonly string[]).includes(value)) throw new UsageError(`--sandbox takes auto, on or off, got ${JSON.stringify(value)}`);
  return value as SandboxMode;
}

/** An option's value in raw arguments (before full parsing), or undefined. */
export function findArgument(args: readonly string[], option: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === option) return args[i + 1];
    if (arg.startsWith(`${option}=`)) return arg.slice(option.length + 1);
  }
  return undefined;
}

/** The --sandbox value in raw arguments (before full parsing): decides whether to re-execute. */
export function findSandboxArgument(args: readonly string[]): SandboxMode {
  const value = findArgument(args, '--sandbox');
  return value === undefined && !args.includes('--sandbox') ? 'auto' : parseSandbox(value);
}

/**
 * `--lang en|zh`: the language of the report's words; without it, the locale's (LC_ALL, then
 * LC_MESSAGES, then LANG: `zh…` is Chinese, anything else English).
 */
export function parseLang(value: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Lang {
  if (value === undefined) return detectLang(env);
  if (!isLang(value)) throw new UsageError(`--lang takes en or zh, got ${JSON.stringify(value)}`);
  return value;
}

/** The flags that say how programs run (limits, bounds, sandbox), shared by every command that grades. */
export const RUN_OPTIONS = {
  workers: { type: 'string' },
  timeout: { type: 'string' },
  'check-timeout': { type: 'string' },
  'build-timeout': { type: 'string' },
  'no-redirect': { type: 'boolean' },
  sandbox: { type: 'string' },
  cpu: { type: 'string' },
  memory: { type: 'string' },
  processes: { type: 'string' },
  output: { type: 'string' },
  'file-size': { type: 'string' },
  'open-files': { type: 'string' },
  lang: { type: 'string' },
} as const;
