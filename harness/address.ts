// Where a program listens or connects: shared by process/, net/ and check/.
export interface Address {
  readonly host: string;
  readonly port: number;
}
