#!/usr/bin/env node
// sockgrade's command line entry: dispatch, and re-run inside the network sandbox when wanted.
// Kept light: the commands (and zod, the catalogue) load only in the process that grades.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { USAGE, UsageError } from './usage.js';
import { isUserError } from './errors.js';
import { findArgument, findSandboxArgument } from './options.js';
import { namespacedEnvironment, networkNamespaceCommand } from '../process/sandbox.js';
import { resolveInterpretersEarly } from './early-interpreters.js';
import { logSockgradeProcess } from '../check/start-log.js';

/** The pids a process started (Linux); empty where /proc cannot say. */
function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function printUsage(): number {
  process.stdout.write(USAGE);
  return 0;
}

/**
 * Re-runs this command inside a private network namespace with only loopback, where peers,
 * references and submissions meet and nothing else can be reached (sandbox.ts). Undefined when
 * that is not wanted or not possible here; the grading then says what is not isolated.
 */
function runInNetworkNamespace(argv: string[]): Promise<number> | undefined {
  const mode = findSandboxArgument(argv.slice(1));
  if (mode === 'off' || argv.includes('--help') || argv.includes('-h')) return undefined;
  const wrapped = networkNamespaceCommand([process.execPath, ...process.execArgv, process.argv[1]!, ...argv]);
  if (!wrapped) return undefined;
  return new Promise((resolveExit) => {
    // bwrap in a process group of its own: the terminal's Ctrl-C reaches us only, and we pass it to
    // the sockgrade inside (not to bwrap, whose death would SIGKILL it before it can clean up).
    const child = spawn(wrapped[0]!, wrapped.slice(1), { stdio: 'inherit', detached: true, env: namespacedEnvironment(process.env) });
    const forward = (signal: NodeJS.Signals) => () => {
      const inner = childrenOf(child.pid);
      if (inner.length === 0) child.kill(signal);
      for (const pid of inner) {
        try {
          process.kill(pid, signal);
        } catch {
          // already gone
        }
      }
    };
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    child.on('error', (error) => {
      process.stderr.write(`sockgrade: could not enter the network sandbox: ${error.message}\n`);
      resolveExit(3);
    });
    child.on('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      if (signal) {
        process.stderr.write(`sockgrade: the grading process was killed by ${signal}; no report was written\n`);
        resolveExit(128 + (osConstants.signals[signal] ?? 0));
      } else {
        resolveExit(code ?? 3);
      }
    });
  });
}

export async function main(argv: string[]): Promise<number> {
  logSockgradeProcess();
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check': {
        const isolated = runInNetworkNamespace(argv);
        if (isolated) return await isolated;
        resolveInterpretersEarly('check', rest);
        return await (await import('./check.js')).commandCheck(rest);
      }
      case 'serve':
        return await (await import('./serve.js')).commandServe(rest);
      case 'doctor':
        return await (await import('./doctor.js')).commandDoctor(rest);
      case 'grade': {
        const isolated = runInNetworkNamespace(argv);
        if (isolated) return await isolated;
        resolveInterpretersEarly('grade', rest);
        return await (await import('./commands.js')).commandGrade(rest);
      }
      case 'batch': {
        // A batch gives each learner a network namespace of its own (batch.ts); only when told
        // not to do they all share the one the batch runs in, as a single grading does.
        if (findArgument(rest, '--isolate-learners') === 'off') {
          const isolated = runInNetworkNamespace(argv);
          if (isolated) return await isolated;
        }
        return await (await import('./batch.js')).commandBatch(rest);
      }
      case 'batch-worker':
        // Internal (not in the usage): a batch's grading worker, started by the batch (batch-worker.ts).
        return await (await import('./batch-worker.js')).commandBatchWorker(rest);
      case 'merge':
        return (await import('./merge.js')).commandMerge(rest);
      case 'list':
        return await (await import('./commands.js')).commandList(rest);
      case 'gradescope-bundle':
        return await (await import('./gradescope-bundle.js')).commandGradescopeBundle(rest);
      case 'report':
        return await (await import('./commands.js')).commandReport(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return printUsage();
      case '--version':
        process.stdout.write('sockgrade 0.1.0\n');
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; try sockgrade --help`);
    }
  } catch (error) {
    if (isUserError(error)) {
      process.stderr.write(`sockgrade: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

// `sockgrade list | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sockgrade: internal error (please report it): ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 3;
  },
);
