import { ExecResult, SshPool } from '@patchproof/ssh';
import { VmShell } from '../connection/vm-shell';
import { restartAffected } from './restarts';

const TIMEOUTS = { restartMs: 1_000, rebootMs: 500, pollMs: 10 };
const LIBSSL = '/usr/lib/x86_64-linux-gnu/libssl.so.3';

/** A namespace VM where nginx and apache2 both map the changed libssl; `refuses` names the restarts that fail. */
class ScriptedVm {
  readonly commands: string[] = [];

  constructor(private readonly refuses: readonly string[]) {}

  private answer(argv: readonly string[]): Partial<ExecResult> {
    const command = argv.join(' ');
    if (command.includes('echo pp-service')) return { stdout: 'pp-service\n' };
    if (command.includes('#PKG')) return { stdout: `#PKG libssl3\n${LIBSSL}\n` };
    if (command.startsWith('sh -c printf \'SELF')) {
      return { stdout: ['SELF\t4242', 'SERVICE\tnginx\t812', 'SERVICE\tapache2\t900', 'PROC\t812\t1\t\t/usr/sbin/nginx', `MAP\t812\t${LIBSSL} (deleted)`, 'PROC\t900\t1\t\t/usr/sbin/apache2', `MAP\t900\t${LIBSSL} (deleted)`].join('\n') };
    }
    if (command.startsWith('dpkg-query -S')) return { stdout: 'nginx-core: /usr/sbin/nginx\napache2-bin: /usr/sbin/apache2\n' };
    if (command.startsWith('dpkg-query -W')) return { stdout: 'libssl3\topenssl\nnginx-core\tnginx\napache2-bin\tapache2\n' };
    const restart = /^\/usr\/local\/sbin\/pp-service restart (\S+)$/.exec(command);
    if (restart && this.refuses.includes(restart[1])) return { exitCode: 1, stderr: `pp-service: ${restart[1]} failed to start` };
    if (command.endsWith(' -t')) return { exitCode: 1, stderr: 'Syntax error' };
    return {};
  }

  async exec(_target: unknown, argv: readonly string[]): Promise<ExecResult> {
    const command = argv.join(' ');
    this.commands.push(command);
    return { command, exitCode: 0, stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false, timedOut: false, durationMs: 1, ...this.answer(argv) };
  }

  shell(): VmShell {
    return new VmShell(this as unknown as SshPool, { vmId: 'vm-1', host: '192.0.2.10', credentials: { username: 'root', password: 'x' } });
  }

  restarts(): string[] {
    return this.commands.filter((command) => command.startsWith('/usr/local/sbin/pp-service restart'));
  }
}

describe('restartAffected', () => {
  it('restarts every service that maps the changed library, and reports no failure when all came back', async () => {
    const vm = new ScriptedVm([]);
    expect(await restartAffected(vm.shell(), ['libssl3'], TIMEOUTS)).toEqual({ restarted: ['apache2', 'nginx'], rebooted: false });
  });

  it('a service that does not come back does not stop the others: the outcome carries its evidence', async () => {
    const vm = new ScriptedVm(['apache2']);
    const outcome = await restartAffected(vm.shell(), ['libssl3'], TIMEOUTS);
    expect(vm.restarts()).toEqual(['/usr/local/sbin/pp-service restart apache2', '/usr/local/sbin/pp-service restart nginx']);
    expect(outcome).toMatchObject({
      restarted: ['nginx'], rebooted: false,
      failure: { kind: 'service-restart', service: 'apache2', exitCode: 1, reason: 'apache2 did not come back after its restart (exit 1); apache2ctl -t exits 1', configCheck: { command: 'apache2ctl -t', exitCode: 1, output: 'Syntax error' } },
    });
  });

  it('names every service that did not come back, with the first one\'s evidence', async () => {
    const outcome = await restartAffected(new ScriptedVm(['apache2', 'nginx']).shell(), ['libssl3'], TIMEOUTS);
    expect(outcome.restarted).toEqual([]);
    expect(outcome.failure?.reason).toBe('apache2 did not come back after its restart (exit 1); apache2ctl -t exits 1; also did not come back: nginx');
  });
});
