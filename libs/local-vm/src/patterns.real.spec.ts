import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { get as getHttps } from 'node:https';
import { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { expectEventually } from '@patchproof/testing';
import { LocalVmDriver, serverAddress } from './driver';
import { ensureHostPackages } from './host-packages';
import { Environment } from './state';
import { loadTemplateFile } from './template';
import { describeIfLocalDriver, logMilestones, hostNetns, mountPointsUnder, readBanner } from './test-support';

// The shipped templates on real namespace VMs with their middleware. Their five base images are built
// once into the shared cache (a few minutes the first time; `tools/images/build-base-images.ts`).
const describeReal = describeIfLocalDriver('patterns.real.spec.ts');

const PREFIX = 'ppu';
const STATE_DIR = '/var/lib/patchproof/test/local-vm-patterns';
const POOL = '198.19.248.0/21';
const TEMPLATES = join(__dirname, '..', 'templates');

function httpServerHeader(host: string, port = 80): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get({ host, port, path: '/', timeout: 5_000, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(`${response.statusCode} ${response.headers.server ?? ''}`));
    });
    request.on('timeout', () => request.destroy(new Error(`no HTTP answer from ${host}:${port}`)));
    request.on('error', reject);
  });
}

interface HttpsAnswer {
  status: number | undefined;
  server: string;
  protocol: string | null;
  fingerprint: string;
}

/** GET / over TLS (the snakeoil certificate is self-signed: not verified, but its fingerprint reported). */
function httpsAnswer(host: string, port = 443): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const request = getHttps({ host, port, path: '/', timeout: 5_000, agent: false, rejectUnauthorized: false }, (response) => {
      const socket = response.socket as TLSSocket;
      const answer = { status: response.statusCode, server: String(response.headers.server ?? ''), protocol: socket.getProtocol(), fingerprint: socket.getPeerCertificate().fingerprint256 };
      response.resume();
      response.on('end', () => resolve(answer));
    });
    request.on('timeout', () => request.destroy(new Error(`no HTTPS answer from ${host}:${port}`)));
    request.on('error', reject);
  });
}

describeReal('shipped templates on namespace VMs', () => {
  let driver: LocalVmDriver;
  const timings: Record<string, number> = {};

  const timed = async <T>(label: string, action: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await action();
    timings[label] = (Date.now() - started) / 1000;
    return result;
  };

  const sql = (environment: string, server: string, command: string[]): Promise<string> =>
    driver.exec(environment, server, command).then((result) => result.stdout.trim());
  const psql = (environment: string, query: string): Promise<string> =>
    sql(environment, 'pg', ['runuser', '-u', 'postgres', '--', 'psql', '-X', '-tAc', query]);
  const mariadb = (environment: string, query: string): Promise<string> => sql(environment, 'maria', ['mariadb', '-N', '-B', '-e', query]);

  beforeAll(async () => {
    await ensureHostPackages(logMilestones);
    driver = await LocalVmDriver.open({ stateDir: STATE_DIR, prefix: PREFIX, addressPool: POOL, onProgress: logMilestones });
    for (const file of ['pattern-a.yaml', 'pattern-b.yaml']) await driver.ensureImages(await loadTemplateFile(join(TEMPLATES, file)));
  }, 30 * 60_000);

  afterAll(async () => {
    for (const id of ['pattern-a', 'pattern-b']) await driver?.deleteEnvironment(id).catch(() => undefined);
    console.log(`[local-vm] pattern timings (s): ${JSON.stringify(timings)}`);
    expect(hostNetns().filter((name) => name.startsWith(`${PREFIX}-`))).toEqual([]);
    expect(mountPointsUnder(STATE_DIR)).toEqual([]);
  }, 5 * 60_000);

  describe('pattern A: PostgreSQL and MariaDB on two networks with a router', () => {
    let tenant: Environment;

    beforeAll(async () => {
      const text = readFileSync(join(TEMPLATES, 'pattern-a.yaml'), 'utf8');
      tenant = await timed('create pattern-a', () => driver.createEnvironment('pattern-a', text));
    }, 10 * 60_000);

    it('runs both databases with their data on the volumes', async () => {
      expect(await psql('pattern-a', 'select 1')).toBe('1');
      expect(await mariadb('pattern-a', 'select 1')).toBe('1');
      expect(await sql('pattern-a', 'pg', ['findmnt', '-n', '-o', 'TARGET', '--target', '/var/lib/postgresql/15/main'])).toBe('/var/lib/postgresql');
      expect(await sql('pattern-a', 'maria', ['findmnt', '-n', '-o', 'TARGET', '--target', '/var/lib/mysql/mysql'])).toBe('/var/lib/mysql');
    });

    it('routes between the two networks through the router only', async () => {
      const maria = serverAddress(tenant, 'maria');
      const banner = await sql('pattern-a', 'pg', ['timeout', '5', 'bash', '-c', `exec 3<>/dev/tcp/${maria}/22; head -c 7 <&3`]);
      expect(banner).toBe('SSH-2.0');
      expect(tenant.networks[0].cidr).not.toBe(tenant.networks[1].cidr);
      expect(await readBanner(serverAddress(tenant, 'pg'))).toMatch(/^SSH-2\.0/);
    });

    it('extracts what runs: packages, services, volumes with their owners, the router', async () => {
      const template = await driver.extractTemplate('pattern-a');
      expect(template.servers.map((server) => [server.name, server.packages, server.services, server.volumes])).toEqual([
        ['pg', ['postgresql'], ['postgresql'], ['pg_data']],
        ['maria', ['mariadb-server'], ['mariadb'], ['maria_data']],
      ]);
      expect(template.volumes.map((volume) => [volume.name, volume.mountPath, volume.owner])).toEqual([
        ['pg_data', '/var/lib/postgresql', 'postgres'],
        ['maria_data', '/var/lib/mysql', 'mysql'],
      ]);
      expect(template.routers).toEqual([{ name: 'router', interfaces: ['db_net', 'app_net'] }]);
    });

    it('replicates the data consistently and keeps both sides apart', async () => {
      await psql('pattern-a', "create table notes (body text); insert into notes values ('日本語のデータ')");
      await mariadb('pattern-a', "create database shop; create table shop.items (name varchar(40)) charset utf8mb4; insert into shop.items values ('商品')");
      const { environment: replica } = await timed('replicate pattern-a', () => driver.replicate('pattern-a', 'pattern-a-r', 'delete'));
      expect(await psql('pattern-a-r', 'select body from notes')).toBe('日本語のデータ');
      expect(await mariadb('pattern-a-r', 'select name from shop.items')).toBe('商品');
      await psql('pattern-a-r', "insert into notes values ('replica only')");
      expect(await psql('pattern-a', 'select count(*) from notes')).toBe('1');
      expect(await psql('pattern-a-r', 'select count(*) from notes')).toBe('2');
      // A "reboot" of a namespace VM starts every process anew (it returns at once, as `reboot` does);
      // it is back when its boot id changed, its services up, the data still there.
      const bootId = await sql('pattern-a-r', 'pg', ['cat', '/run/pp/boot-id']);
      await timed('pp-reboot (replica pg)', async () => {
        await driver.exec('pattern-a-r', 'pg', ['pp-reboot']);
        await expectEventually(async () => expect(await sql('pattern-a-r', 'pg', ['cat', '/run/pp/boot-id'])).not.toBe(bootId), { timeoutMs: 120_000, intervalMs: 200, what: 'the replica pg VM booted again' });
      });
      expect(await psql('pattern-a-r', 'select count(*) from notes')).toBe('2');
      expect(serverAddress(replica, 'pg')).not.toBe(serverAddress(tenant, 'pg'));
      await driver.releaseReplica('pattern-a-r');
    });
  });

  describe('pattern B: nginx and apache2 behind an haproxy load balancer', () => {
    let tenant: Environment;

    beforeAll(async () => {
      const text = readFileSync(join(TEMPLATES, 'pattern-b.yaml'), 'utf8');
      tenant = await timed('create pattern-b', () => driver.createEnvironment('pattern-b', text));
    }, 10 * 60_000);

    it('balances HTTP over both web servers through haproxy', async () => {
      const lb = serverAddress(tenant, 'lb');
      const answers = new Set<string>();
      for (let round = 0; round < 4; round += 1) answers.add(await httpServerHeader(lb));
      expect([...answers].sort()).toEqual([expect.stringMatching(/^200 Apache/), expect.stringMatching(/^200 nginx/)]);
    });

    it('serves HTTPS on 443 on both web servers, with the snakeoil certificate of each VM', async () => {
      for (const [vm, product] of [['web_nginx', /^nginx/], ['web_apache', /^Apache/]] as const) {
        const pem = (await driver.exec('pattern-b', vm, ['cat', '/etc/ssl/certs/ssl-cert-snakeoil.pem'])).stdout;
        expect({ vm, ...(await httpsAnswer(serverAddress(tenant, vm))) }).toEqual({
          vm, status: 200, server: expect.stringMatching(product), protocol: expect.stringMatching(/^TLSv1\.[23]$/),
          fingerprint: new X509Certificate(pem).fingerprint256,
        });
      }
      // Plain HTTP stays on 80 only: the load balancer has no TLS listener.
      await expect(httpsAnswer(serverAddress(tenant, 'lb'))).rejects.toThrow();
    });

    it('extracts the load balancer from its running configuration', async () => {
      const template = await driver.extractTemplate('pattern-b');
      expect(template.loadBalancers).toEqual([
        {
          name: 'lb',
          network: 'web_net',
          fixedIp: serverAddress(tenant, 'lb'),
          listener: { port: 80, protocol: 'http' },
          algorithm: 'roundrobin',
          members: [
            { server: 'web_nginx', port: 80 },
            { server: 'web_apache', port: 80 },
          ],
        },
      ]);
      expect(template.servers.map((server) => server.packages)).toEqual([['nginx', 'ssl-cert'], ['apache2', 'ssl-cert']]);
    });

    it('replicates with the load balancer pointing at the replica members', async () => {
      const { environment: replica } = await timed('replicate pattern-b', () => driver.replicate('pattern-b', 'pattern-b-r', 'retain'));
      const config = (await driver.exec('pattern-b-r', 'lb', ['cat', '/etc/haproxy/haproxy.cfg'])).stdout;
      expect(config).toContain(`${serverAddress(replica, 'web_nginx')}:80`);
      expect(config).not.toContain(`${serverAddress(tenant, 'web_nginx')}:80`);
      const answers = new Set<string>();
      for (let round = 0; round < 4; round += 1) answers.add(await httpServerHeader(serverAddress(replica, 'lb')));
      expect(answers.size).toBe(2);
      for (const server of ['web_nginx', 'web_apache']) expect((await httpsAnswer(serverAddress(replica, server))).status).toBe(200);
      await driver.deleteReplica('pattern-b-r');
    });
  });
});
