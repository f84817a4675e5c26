// Reference echo-loop client: prompts for a line, sends it, prints the whole echo; an empty line
// is not sent (it prints the tutorial's complaint instead). Ends at end of input or when the
// server closes.
import { runLineClient } from '../lib/line-client.js';

runLineClient({
  prompt: 'Please input some string > ',
  emptyLineMessage: "input can't empty, Please input again..",
  // An echo: the whole reply is as long as what was sent.
  replyLength: (sent) => sent.length,
});
