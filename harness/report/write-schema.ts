// Run by `npm run build`: writes schema/report.schema.json from the zod model.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';
import { formatReportJsonSchema } from './json-schema.js';

mkdirSync(join(projectRoot, 'schema'), { recursive: true });
writeFileSync(join(projectRoot, 'schema', 'report.schema.json'), formatReportJsonSchema());
