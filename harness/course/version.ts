// sockgrade's own version (package.json): part of every learner's fingerprint, since a new
// version may grade differently.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';

export const SOCKGRADE_VERSION = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
