// One folder for the whole run's staged fixtures (test/helpers/grade.ts), made before the test
// files start and removed after the last one: worker processes end without running exit handlers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STAGE_ROOT_VARIABLE = 'SOCKGRADE_TEST_STAGE_ROOT';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'staged-fixtures-'));
  process.env[STAGE_ROOT_VARIABLE] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
