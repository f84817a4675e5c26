// The house's dependency rules, read from the import lines of the sources: each layer uses only
// what is below it, so a change in one cannot reach up through another.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../harness/paths.js';

function sources(folder: string): string[] {
  const dir = join(projectRoot, folder);
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(relative(projectRoot, path));
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Project-relative paths a file imports (relative imports only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => relative(projectRoot, resolve(dirname(file), m[1]!)));
}

function violations(folder: string, forbidden: (target: string) => boolean): string[] {
  return sources(folder).flatMap((file) => importsOf(file).filter(forbidden).map((target) => `${relative(projectRoot, file)} imports ${target}`));
}

describe('layers', () => {
  it('net/ depends on nothing above it (check, report, cli, graders, exercises)', () => {
    expect(violations('harness/net', (t) => /^(harness\/(check|report|cli)|graders|exercises)\//.test(t))).toEqual([]);
  });

  it('process/ depends on nothing above it', () => {
    expect(violations('harness/process', (t) => /^(harness\/(check|report|cli|net)|graders|exercises)\//.test(t))).toEqual([]);
  });

  it('reference programs import nothing from harness/: each is standalone, like a submission', () => {
    expect(violations('reference', (t) => t.startsWith('harness/') || t.startsWith('graders/') || t.startsWith('exercises/'))).toEqual([]);
  });

  it('graders ask the harness for what they need instead of reading /proc', () => {
    expect(violations('graders', (t) => t === 'harness/process/proc.js')).toEqual([]);
  });

  it("graders reach the shim's call sites through harness/check/observe.ts", () => {
    expect(violations('graders', (t) => t === 'harness/python/sites.js')).toEqual([]);
  });

  it('reports are drawn from the result model, not from the runner or the checks', () => {
    expect(violations('harness/report', (t) => /^harness\/(check|process|net|cli)\//.test(t))).toEqual([]);
  });
});
