// A fault applied inside a learner's program by the Python shim, through its environment (e.g.
// `send-cap`: each send() sends at most N bytes). Implementations live with the other faults in
// harness/net/faults/.
export interface ProgramFault {
  readonly name: string;
  readonly description: string;
  environment(): Readonly<Record<string, string>>;
}
