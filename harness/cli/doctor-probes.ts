// What this machine offers sockgrade, each piece probed the way the harness itself uses it
// (sandbox.ts, containment.ts, cgroup.ts, limits.ts, the web grader's tools), and what its
// absence costs, in words for the person installing it.
import { execFileSync, spawnSync } from 'node:child_process';
import { findTool } from '../../graders/expect/tools.js';
import { t, type Text } from '../i18n/text.js';
import { probeCgroup } from '../process/cgroup.js';
import { detectContainment } from '../process/containment.js';
import { canApplyLimits } from '../process/limits.js';
import { hasProcFs } from '../process/proc.js';
import { probeBwrap } from '../process/sandbox.js';

export type FindingStatus = 'ok' | 'missing';

export interface Finding {
  readonly id: string;
  readonly what: Text;
  readonly status: FindingStatus;
  /** What was found (a version, a path) or why it is missing. */
  readonly detail: string;
  /** Without it sockgrade cannot grade what it is for: the install is broken. */
  readonly needed: boolean;
  /** What is lost without it (said only when missing). */
  readonly cost: Text;
}

/** The first line a command prints for `--version` (java and python2 print it on stderr), or undefined if it does not run. */
function versionOf(command: string, args: readonly string[] = ['--version']): string | undefined {
  const run = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000, encoding: 'utf8' });
  // A version manager's shim of a missing version (pyenv's python2) exits non-zero.
  if (run.error || run.status !== 0) return undefined;
  const line = (run.stdout.trim() || run.stderr.trim()).split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'present';
}

function tool(name: string, args: readonly string[] = ['--version']): string | undefined {
  const path = findTool(name);
  if (!path) return undefined;
  const version = versionOf(path, args);
  return version === undefined ? undefined : `${version} (${path})`;
}

function finding(id: string, what: Text, found: string | undefined, missing: string, needed: boolean, cost: Text): Finding {
  return { id, what, status: found === undefined ? 'missing' : 'ok', detail: found ?? missing, needed, cost };
}

function nodeVersionOk(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19);
}

/** Whether a private network namespace can be made here (what `--unshare-net` needs). */
function networkNamespace(): string | undefined {
  const asRoot = process.getuid?.() === 0;
  const argv = ['unshare', ...(asRoot ? [] : ['--user', '--map-root-user']), '--net', 'true'];
  try {
    execFileSync(argv[0]!, argv.slice(1), { stdio: 'ignore', timeout: 5000 });
    return asRoot ? 'unshare --net works' : 'unshare --user --net works';
  } catch {
    return undefined;
  }
}

/** Every probe, in the order a reader cares: what grading needs first, then isolation, then tools. */
export function probeMachine(): Finding[] {
  const node = process.version;
  const containment = detectContainment();
  const bwrap = probeBwrap();
  const cgroup = probeCgroup();
  const python3 = tool('python3');
  const cc = tool('cc') ?? tool('gcc') ?? tool('clang');
  const browser = tool('chromium') ?? tool('chromium-browser') ?? tool('google-chrome');
  return [
    finding('node', t('Node.js ≥ 20.19', 'Node.js ≥ 20.19'), nodeVersionOk(node) ? node : undefined, `${node} is too old`, true,
      t('sockgrade itself and every reference program run on Node.js 20.19 or later', 'sockgrade 本身和所有参考程序都需要 Node.js 20.19 或更高版本')),
    finding('python3', t('Python 3', 'Python 3'), python3, 'python3 is not on PATH', true,
      t('Python submissions (most learners) cannot run: every check of theirs fails at start-up', 'Python 提交（大多数学习者）无法运行：每项检查都会在启动时失败')),
    finding('python2', t('Python 2 (optional)', 'Python 2（可选）'), tool('python2'), 'python2 is not on PATH', false,
      t('nothing for grading: Python 2 code is recognised from Python 3’s own error, and the report says so', '对评分没有影响：Python 2 代码会通过 Python 3 的报错被识别，报告会说明')),
    finding('proc', t('/proc (Linux)', '/proc（Linux）'), hasProcFs ? 'readable' : undefined, `${process.platform} has no /proc`, false,
      t('readiness is found by binding the port instead, partial reads cannot be paced and busy loops are not seen', '只能通过绑定端口判断就绪，无法控制分段读取，也无法发现忙等循环')),
    finding('pid-namespace', t('PID namespaces (unshare --pid)', 'PID 命名空间（unshare --pid）'), containment.mode === 'pid-namespace' ? containment.prefix.join(' ') : undefined, containment.reason ?? 'not available', false,
      t('a program that calls setsid() or double-forks can escape the whole-tree kill and outlive its check', '调用 setsid() 或两次 fork 的程序可能逃过整棵进程树的清理，在检查结束后继续运行')),
    finding('network-namespace', t('network namespaces (unshare --net)', '网络命名空间（unshare --net）'), networkNamespace(), 'unshare --net is refused (no user namespaces, or unshare is missing)', false,
      t('submissions share the host network: they can reach other machines, and hard-coded ports can clash with other programs', '提交的程序共享主机网络：可以访问其他机器，写死的端口也可能与其他程序冲突')),
    finding('bubblewrap', t('bubblewrap (bwrap)', 'bubblewrap（bwrap）'), bwrap.ok ? tool('bwrap') ?? 'works' : undefined, bwrap.ok ? '' : bwrap.reason, false,
      t('without bubblewrap, submissions can read the whole filesystem (other learners’ work, the grader’s files) and are not cut off from the network', '没有 bubblewrap，提交的程序可以读取整个文件系统（其他学习者的作业、评分器的文件），网络也不被隔离')),
    finding('cgroup-memory', t('cgroup memory controller (v1 or v2)', 'cgroup 内存控制器（v1 或 v2）'), cgroup.ok ? `cgroup v${cgroup.parent.version} in ${cgroup.parent.dir}` : undefined, cgroup.ok ? '' : cgroup.reason, false,
      t('memory is limited per process as address space instead: JVM, Go, Node and .NET programs may need --memory 4G to start', '内存改为按进程的地址空间限制：JVM、Go、Node 和 .NET 程序可能需要 --memory 4G 才能启动')),
    finding('prlimit', t('prlimit (resource limits)', 'prlimit（资源限制）'), canApplyLimits() ? 'works' : undefined, 'prlimit is missing', false,
      t('CPU time, open files, file size and process count are not limited: a runaway program is only stopped by the check’s time bound', 'CPU 时间、打开文件数、文件大小和进程数都不受限制：失控的程序只能靠检查的时间上限停止')),
    finding('chromium', t('Chromium (headless browser)', 'Chromium（无头浏览器）'), browser, 'no chromium, chromium-browser or google-chrome on PATH', false,
      t('without Chromium the web check judges by Content-Type instead of loading the page in a browser', '没有 Chromium，web 检查只能根据 Content-Type 判断，而不是在浏览器中加载页面')),
    finding('curl', t('curl', 'curl'), tool('curl'), 'curl is not on PATH', false,
      t('the web check asks only Node’s strict HTTP client, not curl too', 'web 检查只用 Node 的严格 HTTP 客户端，不再用 curl 复核')),
    finding('cc', t('a C compiler (cc, gcc or clang)', 'C 编译器（cc、gcc 或 clang）'), cc, 'no cc, gcc or clang on PATH', false,
      t('C submissions cannot be built here (--build make)', '无法在此构建 C 语言提交（--build make）')),
    finding('java', t('Java (java and javac)', 'Java（java 和 javac）'), tool('javac', ['-version']) && tool('java', ['-version']), 'java or javac is not on PATH', false,
      t('Java submissions cannot be built or run here', '无法在此构建或运行 Java 提交')),
  ];
}
