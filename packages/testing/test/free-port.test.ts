import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../src/free-port.js';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

describe('freePort', () => {
  it('gives ports below the ephemeral range, which outgoing connections never take', async () => {
    for (let i = 0; i < 50; i++) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(ephemeralStart);
    }
  });

  it('gives a port nothing listens on, and never the same one twice', async () => {
    const ports = await Promise.all(Array.from({ length: 100 }, () => freePort()));
    expect(new Set(ports).size).toBe(100);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(ports[0], '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('never gives two test processes running side by side the same port', async () => {
    const module = new URL('../dist/free-port.js', import.meta.url).href;
    // Each holds its ports until told to exit (stdin closed): a port is the process's until then.
    const script = `const { freePort } = await import(${JSON.stringify(module)}); const ports = []; for (let i = 0; i < 300; i++) ports.push(await freePort()); console.log(JSON.stringify(ports)); process.stdin.resume();`;
    const children = [1, 2, 3].map(() => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }));
    try {
      const answers = await Promise.all(children.map((child) => new Promise<number[]>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk;
          if (out.endsWith('\n')) resolve(JSON.parse(out) as number[]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      })));
      const ports = answers.flat();
      expect(ports).toHaveLength(900);
      expect(new Set(ports).size).toBe(ports.length);
    } finally {
      await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.stdin!.end())))));
    }
  });
});
