/**
 * The streams' side of `npm run bench:live`, in a process of its own (forked by
 * live-updates.ts), so that thousands of sockets and their events do not slow the load
 * generator in the bench's process. Raw sockets from loopback addresses, minimal parsing:
 * it remembers when each stream first saw each sourceVersion.
 *
 * Messages from the parent: { open: { port, body, count, perAddress } } → { opened, refused };
 * { wait: { version, timeoutMs } } → { version, delays: ms since `since` for each stream that got it };
 * { close: true } → { closed }.
 */
import { connect, type Socket } from 'node:net';

type Message =
  | { open: { port: number; body: string; count: number; perAddress: number } }
  | { wait: { version: number; since: number; timeoutMs: number } }
  | { close: true };

const send = (message: unknown) => process.send!(message);
const streams: { socket: Socket; status: number; seen: Map<number, number> }[] = [];
let responded = 0;

const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
};

function open(port: number, address: string, body: string): void {
  const stream = { socket: connect({ host: '127.0.0.1', port, localAddress: address }), status: 0, seen: new Map<number, number>() };
  streams.push(stream);
  stream.socket.setEncoding('utf8');
  stream.socket.on('error', () => {});
  stream.socket.write(`POST /graphql/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  stream.socket.on('data', (chunk: string) => {
    if (stream.status === 0) {
      stream.status = Number(/^HTTP\/1\.1 (\d+)/.exec(chunk)?.[1] ?? -1);
      responded += 1;
    }
    const now = Date.now();
    for (const [, version] of chunk.matchAll(/"sourceVersion":(\d+)/g)) if (!stream.seen.has(Number(version))) stream.seen.set(Number(version), now);
  });
}

process.on('message', async (message: Message) => {
  if ('open' in message) {
    const { port, body, count, perAddress } = message.open;
    for (let i = 0; i < count; i += 1) {
      const group = Math.floor(i / perAddress);
      open(port, `127.0.${2 + Math.floor(group / 250)}.${2 + (group % 250)}`, body);
      // A few hundred connections at a time: the accept queue is not what is measured.
      if (i % 200 === 199) await until(() => responded >= i + 1, 60_000);
    }
    await until(() => streams.every((s) => s.status > 200 || s.seen.size > 0), 120_000);
    send({ opened: streams.filter((s) => s.status === 200).length, refused: streams.filter((s) => s.status !== 200).length });
  } else if ('wait' in message) {
    const { version, since, timeoutMs } = message.wait;
    await until(() => streams.every((s) => s.seen.has(version)), timeoutMs);
    send({ version, delays: streams.filter((s) => s.seen.has(version)).map((s) => s.seen.get(version)! - since) });
  } else if ('close' in message) {
    for (const s of streams) s.socket.destroy();
    send({ closed: streams.length });
  }
});
send({ ready: true });
