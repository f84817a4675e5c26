// Reference udp-echo client: prompts `Please Input data > `, sends each line, prints
// `Data : ` + the reply, until its input ends.
import { runUdpClient } from '../lib/udp-client.js';

await runUdpClient({ prompt: 'Please Input data > ', label: 'Data : ', ends: () => false });
