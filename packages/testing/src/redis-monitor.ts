import { connect } from 'node:net';

/** One command as Redis's MONITOR reports it: its name and arguments, decoded. */
export type MonitoredCommand = string[];

/**
 * Records the commands Redis runs whose arguments satisfy `keep`, through MONITOR on a raw
 * socket. Not ioredis's `monitor()`: on a busy server its first monitor lines can arrive in the
 * same chunk as MONITOR's "+OK", and ioredis then throws "Command queue state error" from its
 * socket handler (redis/ioredis#1981), which failed CI once.
 */
export async function monitorRedis(url: string, keep: (args: MonitoredCommand) => boolean) {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
  const commands: MonitoredCommand[] = [];
  let buffered = '';
  let started: () => void;
  let failed: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => ((started = resolve), (failed = reject)));
  socket.setEncoding('latin1'); // bytes as they are; \xNN escapes are decoded below
  socket.on('error', (error) => failed(error));
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line === '+OK') started();
      else if (line.startsWith('-')) failed(new Error(`MONITOR refused: ${line.slice(1)}`));
      else if (line.startsWith('+')) {
        const args = argumentsOf(line);
        if (keep(args)) commands.push(args);
      }
    }
  });
  socket.write('MONITOR\r\n');
  await ready;
  return { commands, stop: () => socket.destroy() };
}

// A monitor line: +<time> [<db> <client>] "<command>" "<arg>" ... with C-style escapes.
function argumentsOf(line: string): MonitoredCommand {
  const args: string[] = [];
  for (const [, quoted] of line.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    const bytes = quoted!.replace(/\\x([0-9a-f]{2})|\\(.)/gi, (_, hex: string | undefined, char: string) =>
      hex ? String.fromCharCode(parseInt(hex, 16)) : ({ n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' } as Record<string, string>)[char] ?? char,
    );
    args.push(Buffer.from(bytes, 'latin1').toString('utf8'));
  }
  return args;
}
