import { ExecResult, SshConnectionError, SshPool } from '@patchproof/ssh';
import { VmShell } from '../connection/vm-shell';
import { PatchFailedError } from './patch-failure';
import { rebootVm, restartService } from './service-manager';

const TIMEOUTS = { restartMs: 1_000, rebootMs: 500, pollMs: 10 };

/** A VM behind a scripted pool: each command is answered by `answer`, connections counted. */
class ScriptedPool {
  connections = 1;
  readonly commands: string[] = [];

  constructor(private readonly answer: (command: string, connection: number) => Partial<ExecResult> | 'refused') {}

  async exec(_target: unknown, argv: readonly string[]): Promise<ExecResult> {
    const command = argv.join(' ');
    this.commands.push(`${this.connections}: ${command}`);
    const answer = this.answer(command, this.connections);
    if (answer === 'refused') throw new SshConnectionError('vm-1', 'cannot connect to root@vm-1: connect ECONNREFUSED');
    return { command, exitCode: 0, stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false, timedOut: false, durationMs: 1, ...answer };
  }

  async disconnect(): Promise<void> {
    this.connections += 1;
  }
}

function shellOn(pool: ScriptedPool): VmShell {
  return new VmShell(pool as unknown as SshPool, { vmId: 'vm-1', host: '192.0.2.10', credentials: { username: 'root', password: 'x' } });
}

describe('rebootVm', () => {
  it('pp-service: requests the reboot, then polls fresh connections until the boot id changed and checks every service', async () => {
    // Connection 1 is the one from before; 2 is refused (sshd down); 3 still sees the old boot; 4 the new one.
    const pool = new ScriptedPool((command, connection) => {
      if (command === 'cat /run/pp/boot-id') return connection === 2 ? 'refused' : { stdout: connection < 4 ? 'old\n' : 'new\n' };
      if (command === '/usr/local/sbin/pp-service status-all') return { stdout: 'ssh running\nnginx running\n' };
      return {};
    });
    const shell = shellOn(pool);
    await rebootVm(shell, 'pp-service', TIMEOUTS);
    expect(pool.commands).toEqual([
      '1: cat /run/pp/boot-id',
      '1: /usr/local/sbin/pp-reboot',
      '2: cat /run/pp/boot-id',
      '3: cat /run/pp/boot-id',
      '4: cat /run/pp/boot-id',
      '4: /usr/local/sbin/pp-service status-all',
    ]);
    expect(shell.transcript.text()).toContain('VM is back after the reboot: it answered a new SSH connection (boot id new)');
  });

  it('gives up after rebootMs when no new connection answers (systemd: the kernel boot id)', async () => {
    const pool = new ScriptedPool((command, connection) => (command.startsWith('cat') && connection > 1 ? 'refused' : { stdout: 'old\n' }));
    const started = Date.now();
    await expect(rebootVm(shellOn(pool), 'systemd', TIMEOUTS)).rejects.toThrow(new PatchFailedError({ kind: 'reboot', reason: 'VM vm-1 did not answer a new SSH connection with a new boot within 500 ms after the reboot the patch needed' }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pool.commands.slice(0, 2)).toEqual(['1: cat /proc/sys/kernel/random/boot_id', '1: systemctl reboot']);
  });

  it('fails when a service of the namespace VM did not come back, or pp-reboot refused', async () => {
    const stopped = new ScriptedPool((command, connection) => {
      if (command === 'cat /run/pp/boot-id') return { stdout: connection === 1 ? 'old\n' : 'new\n' };
      return command.endsWith('status-all') ? { stdout: 'ssh running\npostgresql stopped\n' } : {};
    });
    const failure = await rebootVm(shellOn(stopped), 'pp-service', TIMEOUTS).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(PatchFailedError);
    expect((failure as PatchFailedError).failure).toMatchObject({ kind: 'reboot', service: 'postgresql', reason: 'postgresql not running after the reboot the patch needed' });

    const refused = new ScriptedPool((command) => (command.endsWith('pp-reboot') ? { exitCode: 1, stderr: 'pp-reboot: /run/pp/init.pid is missing' } : { stdout: 'old\n' }));
    await expect(rebootVm(shellOn(refused), 'pp-service', TIMEOUTS)).rejects.toThrow(/rebooting \(pp-reboot\) failed on VM vm-1.*init\.pid is missing/);
  });
});

describe('restartService', () => {
  const NGINX_T = 'nginx: [emerg] unknown directive "bogus_directive" in /etc/nginx/conf.d/pp-site.conf:1\nnginx: configuration file /etc/nginx/nginx.conf test failed';

  it('returns when the restart succeeded, running nothing else', async () => {
    const pool = new ScriptedPool(() => ({}));
    await restartService(shellOn(pool), 'pp-service', 'nginx', TIMEOUTS);
    expect(pool.commands).toEqual(['1: /usr/local/sbin/pp-service restart nginx']);
  });

  it('a refused restart is the patch failure, with exit status, the restart output, the last log lines and nginx -t', async () => {
    const pool = new ScriptedPool((command) => {
      if (command.endsWith('restart nginx')) return { exitCode: 1, stderr: 'pp-service: nginx failed to start; end of /var/log/pp-service.log:\nnginx: [emerg] unknown directive "bogus_directive"\n' };
      if (command === '/usr/sbin/nginx -t') return { exitCode: 1, stderr: NGINX_T };
      if (command.startsWith('sh -c for pattern')) return { stdout: '== /var/log/nginx/error.log\n2026/12/07 [emerg] unknown directive "bogus_directive"\n' };
      return {};
    });
    const error = await restartService(shellOn(pool), 'pp-service', 'nginx', TIMEOUTS).then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PatchFailedError);
    const { failure } = error as PatchFailedError;
    expect(failure).toMatchObject({
      kind: 'service-restart', service: 'nginx', exitCode: 1,
      reason: 'nginx did not come back after its restart (exit 1); nginx -t exits 1',
      configCheck: { command: 'nginx -t', exitCode: 1, output: NGINX_T },
    });
    expect(failure.logTail).toContain('pp-service: nginx failed to start');
    expect(failure.logTail).toContain('== /var/log/nginx/error.log');
    // pp-service's own log and nginx's error log are read, named as constants (never from input).
    expect(pool.commands).toContainEqual(expect.stringMatching(/^1: sh -c for pattern.* sh \/var\/log\/pp-service\.log \/var\/log\/nginx\/error\.log$/));
  });

  it('systemd: the journal of the unit is part of the evidence; a restart past restartMs did not come back', async () => {
    const pool = new ScriptedPool((command) => {
      if (command.startsWith('systemctl restart')) return { exitCode: null, timedOut: true };
      if (command.startsWith('journalctl')) return { stdout: 'Dec 07 haproxy[1]: [ALERT] config : parsing [/etc/haproxy/haproxy.cfg:40]: unknown keyword' };
      if (command.startsWith('/usr/sbin/haproxy -c')) return { exitCode: 1, stdout: '[ALERT] config : Fatal errors found in configuration.' };
      return {};
    });
    const error = (await restartService(shellOn(pool), 'systemd', 'haproxy', TIMEOUTS).catch((thrown: unknown) => thrown)) as PatchFailedError;
    expect(error.failure).toMatchObject({ kind: 'service-restart', service: 'haproxy', reason: 'haproxy did not come back within 1000 ms of its restart; haproxy -c -f /etc/haproxy/haproxy.cfg exits 1' });
    expect(error.failure.exitCode).toBeUndefined();
    expect(error.failure.logTail).toContain('== journalctl -u haproxy.service');
    expect(pool.commands).toContain('1: journalctl --no-pager -n 30 -u haproxy.service');
  });

  it('a connection lost during the restart is not a patch failure: it stays an error', async () => {
    const pool = new ScriptedPool(() => 'refused');
    const error = await restartService(shellOn(pool), 'pp-service', 'nginx', TIMEOUTS).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SshConnectionError);
  });
});
