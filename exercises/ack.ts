import { defineExercise } from './schema.js';
import { ackChecks } from '../graders/ack.js';
import { ackPairChecks } from '../graders/pair/ack.js';

export const ack = defineExercise({
  id: 'ack',
  title: 'Acknowledging server and interactive client',
  source: { seed: '000 §5.1', section: '示例1' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'ack/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'ack/client' },
  },
  summary:
    "The server answers every message with 'server received you message.' and serves clients one after another. " +
    "The client prompts 'Please input msg:', sends each line the user types and prints each answer.",
  checks: [...ackChecks, ...ackPairChecks],
});
