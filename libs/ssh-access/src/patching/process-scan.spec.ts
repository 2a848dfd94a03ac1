import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { parseProcessScan, PP_SERVICE_PID_FILES, PROCESS_SCAN_SCRIPT } from './process-scan';
import { normalizePath } from './restart-plan';

describe('PROCESS_SCAN_SCRIPT', () => {
  it('lists this host\'s processes with their executables and mapped files, and names its own shell', () => {
    const scan = spawnSync('sh', ['-c', PROCESS_SCAN_SCRIPT, 'sh', ...PP_SERVICE_PID_FILES], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(scan.status).toBe(0);
    const snapshot = parseProcessScan(scan.stdout);
    expect(snapshot.self).toBe(scan.pid);
    const jest = snapshot.processes.find((candidate) => candidate.pid === process.pid);
    expect(jest?.exe).toBe(realpathSync(process.execPath));
    expect(jest?.ppid).toBe(process.ppid);
    expect(jest?.maps.map(normalizePath)).toEqual(expect.arrayContaining([expect.stringMatching(/\/usr\/lib\/.*libc\.so\.6$/)]));
  });
});

describe('parseProcessScan', () => {
  it('reads services from pid files, processes with or without a unit, and mappings with spaces and "(deleted)"', () => {
    const text = [
      'SELF\t4242',
      'SERVICE\tnginx\t812',
      'SERVICE\tpostgresql\t',
      'PROC\t812\t1\tnginx.service\t/usr/sbin/nginx',
      'MAP\t812\t/usr/sbin/nginx',
      'MAP\t812\t/usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)',
      'PROC\t900\t1\t\t/opt/My App/bin/app',
      'MAP\t900\t/opt/My App/lib/libfoo.so',
      'MAP\t999\t/orphan/mapping',
      'garbage',
    ].join('\n');
    expect(parseProcessScan(text)).toEqual({
      self: 4242,
      serviceMainPids: new Map([[812, 'nginx']]),
      processes: [
        { pid: 812, ppid: 1, unit: 'nginx.service', exe: '/usr/sbin/nginx', maps: ['/usr/sbin/nginx', '/usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)'] },
        { pid: 900, ppid: 1, exe: '/opt/My App/bin/app', maps: ['/opt/My App/lib/libfoo.so'] },
      ],
    });
  });
});
