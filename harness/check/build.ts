// The build step of a submission in a compiled language: run once per grading, before any check,
// as a check of its own (`builds`) that every other check depends on. The harness makes it for
// any exercise when a build command is given; no exercise defines it.
import type { Check, Role } from './types.js';
import { fail } from './failure.js';
import { exitText } from '../process/program.js';
import { t } from '../i18n/text.js';
import { describeTraceback } from '../python/errors.js';

export const BUILD_CHECK_ID = 'builds';
/** Wall time a build may take unless configured (`--build-timeout`). */
export const DEFAULT_BUILD_TIMEOUT_MS = 60_000;

/** A build to run: the command, the folder it runs in (a fresh copy of the submission) and its bound. */
export interface BuildStep {
  readonly command: string;
  readonly dir: string;
  readonly timeoutMs: number;
}

const MAX_ERRORS = 5;

/** "server.c:12:5:", "Server.java:7:", "app.ts(4,7):": where a compiler's message is about. */
const LOCATION = String.raw`^\s*(?:\S*\/)?[^\s/:()]+\.[A-Za-z0-9+]+(?::\d+(?::\d+)?:|\(\d+,\d+\):)`;
/** "server.c:12:5: error: …", "Server.java:7: error: …", "app.ts(4,7): error TS…" (the file may be called error.c). */
const LOCATED_ERROR = new RegExp(`${LOCATION}\\s*(?:fatal error|error)\\b`, 'i');
const LOCATED_WARNING = new RegExp(`${LOCATION}\\s*warning\\b`, 'i');

/**
 * The first errors a compiler printed, each with its file:line where the compiler gives one
 * (gcc, clang, javac, go, rustc, tsc, Python), else the lines that say "error" (the linker, make).
 */
export function findCompilerErrors(output: string): string[] {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const errors: string[] = [];
  for (let i = 0; i < lines.length && errors.length < MAX_ERRORS; i++) {
    const line = lines[i]!;
    if (LOCATED_ERROR.test(line)) {
      errors.push(line.trim());
      continue;
    }
    // rustc: "error[E0425]: cannot find value `x`" then " --> src/main.rs:2:5"
    const rust = /^error(\[E\d+\])?: (.*)$/.exec(line);
    const where = rust ? lines.slice(i + 1, i + 4).map((l) => /^\s*--> (\S+)$/.exec(l)?.[1]).find(Boolean) : undefined;
    if (rust && where) errors.push(`${where}: error${rust[1] ?? ''}: ${rust[2]}`);
  }
  if (errors.length) return errors;
  // go build prints "./main.go:12:2: undefined: x" without the word error.
  const go = lines.filter((l) => /^\s*\S+\.go:\d+:\d+: /.test(l)).slice(0, MAX_ERRORS);
  if (go.length) return go.map((l) => l.trim());
  const traceback = describeTraceback(output);
  if (traceback) return [traceback];
  return lines.filter((l) => /\berror\b|undefined reference|not found|No such file|\*\*\*/i.test(l) && !/^\s*\d+ errors? generated/.test(l)).slice(0, MAX_ERRORS).map((l) => l.trim());
}

/** The warnings a compiler printed with their file:line (gcc, clang, javac, tsc). */
export function findCompilerWarnings(output: string): string[] {
  return output.split('\n').filter((l) => LOCATED_WARNING.test(l)).slice(0, MAX_ERRORS).map((l) => l.trim());
}

/**
 * The `builds` check: runs the build once in its folder, under the limits and sandbox of every
 * learner program. It fails with the compiler's first errors, or at its time bound.
 */
export function createBuildCheck(role: Role, step: BuildStep): Check {
  const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
  return {
    id: BUILD_CHECK_ID,
    title: t(`builds with ${step.command}`, `用 ${step.command} 构建成功`),
    role,
    tags: ['basic'],
    // A prerequisite, not a skill: a compiled submission scores what an interpreted one does.
    points: 0,
    hint: t(
      'Fix the first error the build reports (its file:line), then run the same build command on your own machine until it succeeds.',
      '修正构建报告的第一个错误（看它的 file:line），然后在你自己的机器上运行同一个构建命令，直到成功为止。',
    ),
    // The build's own bound decides; the check's bound only backs it up.
    timeoutMs: step.timeoutMs + 10_000,
    async run(ctx) {
      const started = performance.now();
      const program = await ctx.startBuild(step.command, step.dir);
      const exit = await program.waitExit(step.timeoutMs);
      const output = () => `${program.stdout.text()}\n${program.stderr.text()}`;
      if (!exit) {
        const last = output().trim().split('\n').slice(-5).join('\n');
        const bound = seconds(step.timeoutMs);
        fail(t(`the build did not finish within ${bound} (--build-timeout raises this bound)`, `构建没有在 ${bound} 内完成（--build-timeout 可以提高这个上限）`), {
          ...(last ? { actual: last } : {}),
          hint: t(
            'A build compiles and ends: check that the build command does not start the program itself or wait for input, and that it is fast enough on your machine.',
            '构建是编译完就结束的：检查构建命令没有启动程序本身、没有等待输入，并且在你的机器上足够快。',
          ),
        });
      }
      await program.settle(500);
      if (exit.spawnError) {
        const how = exitText(exit);
        fail(t(`the build ${how.en}`, `构建${how.zh}`));
      }
      if (exit.code !== 0 || exit.signal) {
        const errors = findCompilerErrors(output());
        const how = exitText(exit);
        const first = errors[0];
        fail(
          first
            ? t(`the build failed: it ${how.en}; the first error: ${first}`, `构建失败：它${how.zh}；第一个错误：${first}`)
            : t(`the build failed: it ${how.en}`, `构建失败：它${how.zh}`),
          errors.length ? { actual: errors.join('\n') } : {},
        );
      }
      const warnings = findCompilerWarnings(output()).join('; ');
      const took = seconds(performance.now() - started);
      return {
        note: t(`built in ${took}`, `构建用时 ${took}`),
        ...(warnings ? { warning: t(`the build printed warnings: ${warnings}`, `构建打印了警告：${warnings}`) } : {}),
      };
    },
  };
}

/**
 * The checks to run with a build: the build first, and every check that had no prerequisite now
 * waiting for it (the others wait through theirs).
 */
export function withBuild(checks: readonly Check[], build: Check): Check[] {
  return [build, ...checks.map((check) => (check.dependsOn === undefined ? { ...check, dependsOn: build.id } : check))];
}
