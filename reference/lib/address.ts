// How a reference program learns its address: `--host H --port P`, else $HOST/$PORT, exactly
// like a submission.
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export function readAddress(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): ListenAddress {
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const host = flag('host') ?? env.HOST ?? '127.0.0.1';
  const port = Number(flag('port') ?? env.PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    process.stderr.write('usage: --host HOST --port PORT (or HOST and PORT in the environment)\n');
    process.exit(2);
  }
  return { host, port };
}
