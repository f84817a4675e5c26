// `sockgrade/reference`: helpers for writing a reference program, the same the built-in ones use.
// A reference is a standalone program started like a submission (`--host H --port P`, else
// $HOST/$PORT), so nothing here reaches into the grader.
export { readAddress, type ListenAddress } from './address.js';
export { readStdinLines, type LineReader } from './stdin-lines.js';
export { formatCtime } from './ctime.js';
export { formatPythonBytes } from './python-bytes.js';
