// What a learner's grade depends on, as one hash: every file of the learner's folder (path, kind,
// bytes), the assignment (config and exercise modules), the grading flags and sockgrade's version.
// A batch run again grades exactly the learners whose hash changed or who have no result yet.
import { createHash, type Hash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

function addFolder(hash: Hash, dir: string, prefix: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(path);
    // Each entry is framed by its kind and length so two different trees never hash alike.
    if (st.isDirectory()) {
      hash.update(`d ${rel.length} ${rel}\n`);
      addFolder(hash, path, rel);
    } else if (st.isSymbolicLink()) {
      const target = readlinkSync(path);
      hash.update(`l ${rel.length} ${rel} ${target.length} ${target}\n`);
    } else if (st.isFile()) {
      hash.update(`f ${rel.length} ${rel} ${st.size} ${st.mode & 0o111 ? 'x' : '-'}\n`);
      hash.update(readFileSync(path));
    }
  }
}

/** The hash of a learner's grading: their folder's files and everything else the grade depends on. */
export function fingerprintLearner(dir: string, settings: string): string {
  const hash = createHash('sha256');
  hash.update(`${settings.length} ${settings}\n`);
  addFolder(hash, dir, '');
  return hash.digest('hex');
}
