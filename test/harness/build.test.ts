// Reading a failed build the way a teacher would: the compiler's first errors, with file:line.
import { describe, expect, it } from 'vitest';
import { findCompilerErrors, findCompilerWarnings, withBuild, createBuildCheck } from '../../harness/check/build.js';
import type { Check } from '../../harness/check/types.js';

describe('findCompilerErrors', () => {
  it.each([
    [
      'gcc, with a warning that is not an error and a file whose name says error',
      "error.c: In function 'main':\nerror.c:6:5: error: expected ',' or ';' before 'printf'\n    6 |     printf(\"%d\\n\", port);\n      |     ^~~~~~\nerror.c:5:9: warning: unused variable 'port' [-Wunused-variable]\n",
      ["error.c:6:5: error: expected ',' or ';' before 'printf'"],
    ],
    ['clang', "server.c:12:3: error: use of undeclared identifier 'sock'\n1 error generated.\n", ["server.c:12:3: error: use of undeclared identifier 'sock'"]],
    ['javac', "Bad.java:1: error: ';' expected\npublic class Bad { int x = 1 }\n                          ^\n1 error\n", ["Bad.java:1: error: ';' expected"]],
    ['tsc', "src/server.ts(4,7): error TS2322: Type 'string' is not assignable to type 'number'.\n", ["src/server.ts(4,7): error TS2322: Type 'string' is not assignable to type 'number'."]],
    ['rustc', 'error[E0425]: cannot find value `x` in this scope\n --> src/main.rs:2:13\n  |\n2 |     println!("{}", x);\n', ['src/main.rs:2:13: error[E0425]: cannot find value `x` in this scope']],
    ['go', '# echo\n./main.go:12:2: undefined: listener\n', ['./main.go:12:2: undefined: listener']],
    [
      'the linker',
      "/usr/bin/ld: /tmp/cc8xVC2F.o: in function `main':\nld.c:(.text+0x5): undefined reference to `helper'\ncollect2: error: ld returned 1 exit status\n",
      ["ld.c:(.text+0x5): undefined reference to `helper'", 'collect2: error: ld returned 1 exit status'],
    ],
    ['make with a missing file', 'cc -o x nosuch.c\ncc1: fatal error: nosuch.c: No such file or directory\ncompilation terminated.\nmake: *** [Makefile:2: all] Error 1\n', ['cc1: fatal error: nosuch.c: No such file or directory', 'make: *** [Makefile:2: all] Error 1']],
    ['Python', 'Traceback (most recent call last):\n  File "build.py", line 3, in <module>\n    import missing\nModuleNotFoundError: No module named \'missing\'\n', ["ModuleNotFoundError: No module named 'missing' (at build.py:3)"]],
  ])('%s', (_name, output, errors) => {
    expect(findCompilerErrors(output)).toEqual(errors);
  });

  it('keeps the first five', () => {
    const output = Array.from({ length: 9 }, (_, i) => `a.c:${i + 1}:1: error: number ${i + 1}`).join('\n');
    expect(findCompilerErrors(output)).toHaveLength(5);
  });
});

describe('findCompilerWarnings', () => {
  it('finds located warnings only', () => {
    expect(findCompilerWarnings("a.c:5:9: warning: unused variable 'port'\na.c:6:5: error: x\nwarning: something general\n")).toEqual(["a.c:5:9: warning: unused variable 'port'"]);
  });
});

describe('withBuild', () => {
  it('puts the build first and makes every check without a prerequisite wait for it', () => {
    const check = (id: string, dependsOn?: string): Check => ({ id, title: id, role: 'server', tags: ['basic'], points: 1, hint: 'h', ...(dependsOn ? { dependsOn } : {}), run: async () => {} });
    const build = createBuildCheck('server', { command: 'make', dir: '/tmp', timeoutMs: 1000 });
    const checks = withBuild([check('starts'), check('echoes', 'starts'), check('other')], build);
    expect(checks.map((c) => [c.id, c.dependsOn])).toEqual([['builds', undefined], ['starts', 'builds'], ['echoes', 'starts'], ['other', 'builds']]);
    expect(build).toMatchObject({ title: { en: 'builds with make', zh: '用 make 构建成功' }, tags: ['basic'], points: 0, timeoutMs: 11_000 });
  });
});
