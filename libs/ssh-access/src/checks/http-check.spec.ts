import { VmAccessError } from '@patchproof/vm-access';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CheckContext } from './check-context';
import { runHttpCheck } from './http-check';

describe('the HTTP check', () => {
  let server: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.writeHead(request.url === '/ok' ? 200 : 404, { 'content-type': 'text/plain' });
      response.end(request.url === '/ok' ? 'all good' : 'no such page');
    });
    server.keepAliveTimeout = 60_000; // the server would keep a connection open: only the client decides
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const context = (): CheckContext => ({
    vm: { vmId: 'vm-1', address: '127.0.0.1' } as CheckContext['vm'],
    shell: () => Promise.reject(new VmAccessError('no shell in this test', 'vm-1')),
    vault: { get: () => Promise.reject(new Error('no vault in this test')) } as unknown as CheckContext['vault'],
    parameters: {},
    deadline: Date.now() + 10_000,
  });

  it('passes on the expected status and body, and fails naming what differed', async () => {
    const ok = await runHttpCheck({ kind: 'http', path: '/ok', port, via: 'vm', expectStatus: 200, expectBody: /all good/ }, context());
    const missing = await runHttpCheck({ kind: 'http', path: '/gone', port, via: 'vm', expectStatus: 200 }, context());
    expect({ ok: ok.passed, missing: missing.passed, output: missing.output }).toEqual({ ok: true, missing: false, output: expect.stringContaining('404 (expected 200)') });
  });

  it('opens a connection of its own for every check, never one kept from the test before', async () => {
    const before = connections;
    for (let index = 0; index < 3; index += 1) {
      expect((await runHttpCheck({ kind: 'http', path: '/ok', port, via: 'vm', expectStatus: 200 }, context())).passed).toBe(true);
    }
    expect(connections - before).toBe(3);
  });
});
