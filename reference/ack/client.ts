// Reference ack client: prompts for a message, sends it, prints the server's whole
// acknowledgement. Ends at end of input or when the server closes.
import { runLineClient } from '../lib/line-client.js';

const ACK = 'server received you message.';

runLineClient({
  prompt: 'Please input msg:',
  replyLength: () => Buffer.byteLength(ACK),
});
