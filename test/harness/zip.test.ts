// The zip writer, read back by another implementation (Python's zipfile): names, contents, CRCs,
// Unix modes, deflated and stored entries; and names that would extract elsewhere are refused.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createZip } from '../../harness/util/zip.js';
import { createTempFolders } from '../helpers/cli.js';

const folders = createTempFolders();
afterAll(folders.cleanup);

const READ_BACK = `
import json, sys, zipfile, base64
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({"bad": z.testzip(), "entries": [
  {"name": i.filename, "mode": (i.external_attr >> 16) & 0o7777, "method": i.compress_type, "data": base64.b64encode(z.read(i)).decode()}
  for i in z.infolist()]}))
`;

describe('createZip', () => {
  it('writes an archive that another zip reader extracts exactly', () => {
    const random = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251));
    const entries = [
      { name: 'run_autograder', data: Buffer.from('#!/usr/bin/env bash\necho hi\n'.repeat(20)), mode: 0o755 },
      { name: 'empty.txt', data: Buffer.alloc(0) },
      { name: 'deep/folder/名字.bin', data: random },
    ];
    const file = join(folders.make(), 'a.zip');
    writeFileSync(file, createZip(entries));
    const read = JSON.parse(execFileSync('python3', ['-c', READ_BACK, file], { encoding: 'utf8' })) as { bad: string | null; entries: { name: string; mode: number; method: number; data: string }[] };
    expect(read.bad).toBeNull();
    expect(read.entries.map((e) => [e.name, e.mode, Buffer.from(e.data, 'base64')])).toEqual(entries.map((e) => [e.name, e.mode ?? 0o644, e.data]));
    // Text shrinks, so it is deflated; what would not shrink is stored.
    expect(read.entries.map((e) => e.method)).toEqual([8, 0, 8]);
  });

  it('gives the same bytes for the same files (no clock in the archive)', () => {
    const entries = [{ name: 'a', data: Buffer.from('x') }];
    expect(createZip(entries).equals(createZip(entries))).toBe(true);
  });

  it.each(['/etc/passwd', '../up', 'a/../../b', 'a//b', 'a\\b', ''])('refuses the name %j', (name) => {
    expect(() => createZip([{ name, data: Buffer.from('x') }])).toThrow(/not a plain relative path/);
  });
});
