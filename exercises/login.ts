import { defineExercise } from './schema.js';
import { loginChecks } from '../graders/login.js';
import { loginPairChecks } from '../graders/pair/login.js';

export const login = defineExercise({
  id: 'login',
  title: 'Login server and client',
  source: { seed: '001', section: '作业: user|password checked against the lines user:password of the file account' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'login/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'login/client' },
  },
  summary:
    'The server reads the file account (lines user:password) from its working folder and answers each message user|password ' +
    'with success when it matches a line, else fail; several attempts may come on one connection. The client prompts ' +
    '用户名>>> and 密码>>>, sends user|password, prints the answer, asks again after fail and stops after success.',
  checks: [...loginChecks, ...loginPairChecks],
});
