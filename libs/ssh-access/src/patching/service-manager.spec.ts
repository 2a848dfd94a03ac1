import { ExecResult, SshConnectionError, SshPool } from '@patchproof/ssh';
import { VmShell } from '../connection/vm-shell';
import { rebootVm } from './service-manager';

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
    await expect(rebootVm(shellOn(pool), 'systemd', TIMEOUTS)).rejects.toThrow('VM vm-1 did not answer a new SSH connection with a new boot within 500 ms after the reboot');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pool.commands.slice(0, 2)).toEqual(['1: cat /proc/sys/kernel/random/boot_id', '1: systemctl reboot']);
  });

  it('fails when a service of the namespace VM did not come back, or pp-reboot refused', async () => {
    const stopped = new ScriptedPool((command, connection) => {
      if (command === 'cat /run/pp/boot-id') return { stdout: connection === 1 ? 'old\n' : 'new\n' };
      return command.endsWith('status-all') ? { stdout: 'ssh running\npostgresql stopped\n' } : {};
    });
    await expect(rebootVm(shellOn(stopped), 'pp-service', TIMEOUTS)).rejects.toThrow('VM vm-1: postgresql not running after the reboot');

    const refused = new ScriptedPool((command) => (command.endsWith('pp-reboot') ? { exitCode: 1, stderr: 'pp-reboot: /run/pp/init.pid is missing' } : { stdout: 'old\n' }));
    await expect(rebootVm(shellOn(refused), 'pp-service', TIMEOUTS)).rejects.toThrow(/rebooting \(pp-reboot\) failed on VM vm-1.*init\.pid is missing/);
  });
});
