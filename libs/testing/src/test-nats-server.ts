import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { expectEventually } from './expect-eventually';

export interface TestNatsServer {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A private nats-server with JetStream in a temporary store, so suites never share streams.
 * Uses the nats-server binary on PATH (Debian's package), the same server the platform runs on.
 */
export async function startTestNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'pp-nats-'));
  const binary = process.env.NATS_SERVER_BIN ?? 'nats-server';
  const child: ChildProcess = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  await expectEventually(async () => {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
    const nc = await connect({ servers: url, reconnect: false });
    await nc.close();
  }, { timeoutMs: 15_000, what: `nats-server on ${url}` });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
