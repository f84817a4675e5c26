// @ts-check
// A course's own exercise: the login server of seed 001, with each message and each answer on a
// line of its own, so that a server must collect bytes up to the newline instead of trusting one
// recv() to be one message. Loaded with `sockgrade grade login-lines --exercises-from exercise.mjs`
// or listed in the assignment config's exerciseModules.
import { defineExercise } from 'sockgrade';
import { checks } from './checks.mjs';

export default defineExercise({
  id: 'login-lines',
  title: 'Line-framed login server',
  source: { seed: 'course', section: 'week 4: framing messages with newlines' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: { file: new URL('./reference/server.mjs', import.meta.url) } },
  },
  summary:
    'The server reads the file account (lines user:password) from its working folder. Each message is a line user|password ending in \\n; ' +
    'it answers success\\n when a line of account matches, else fail\\n, for every line, however the lines arrive; several lines may come on one connection.',
  checks,
});
