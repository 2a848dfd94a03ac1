import { classifyInstallFailure, configCheckFor } from './patch-failure';

const failedWith = (stderr: string, exitCode: number | null = 1, timedOut = false) => ({ stdout: '', stderr, exitCode, timedOut });

describe('classifyInstallFailure', () => {
  it('a postinst exiting 1 is the package maintainer script failing: a patch failure naming the package', () => {
    const dpkg = [
      'Setting up pp-broken (1.1) ...',
      'dpkg: error processing package pp-broken (--install):',
      ' installed pp-broken package post-installation script subprocess returned error exit status 1',
      'Errors were encountered while processing:',
      ' pp-broken',
    ].join('\n');
    expect(classifyInstallFailure(failedWith(dpkg), 'installing the patch (dpkg -i)')).toEqual({
      kind: 'maintainer-script', exitCode: 1, logTail: dpkg,
      reason: "the package's own post-installation script of pp-broken failed with exit status 1 (installing the patch (dpkg -i), exit status 1)",
    });
  });

  it('a failing preinst, also through apt-get', () => {
    const apt = 'Preparing to unpack .../nginx-common_1.22.1-9+deb12u2_all.deb ...\ndpkg: error processing archive /var/cache/apt/archives/nginx-common.deb (--unpack):\n new nginx-common package pre-installation script subprocess returned error exit status 3\nE: Sub-process /usr/bin/dpkg returned an error code (1)';
    expect(classifyInstallFailure(failedWith(apt, 100), 'apt-get')?.reason).toBe("the package's own pre-installation script of nginx-common failed with exit status 3 (apt-get, exit status 100)");
  });

  it('unmet dependencies and file conflicts are patch failures of kind dependency', () => {
    const dpkg = 'dpkg: dependency problems prevent configuration of pp-web:\n pp-web depends on libpp-missing (>= 2); however:\n  Package libpp-missing is not installed.\n';
    expect(classifyInstallFailure(failedWith(dpkg), 'dpkg -i')).toMatchObject({ kind: 'dependency', reason: 'the patch cannot be installed with what the VM has: dpkg: dependency problems prevent configuration of pp-web: (dpkg -i, exit status 1)' });
    expect(classifyInstallFailure(failedWith("dpkg: error processing archive x.deb (--install):\n trying to overwrite '/usr/bin/x', which is also in package y 1.0"), 'dpkg -i')?.kind).toBe('dependency');
    expect(classifyInstallFailure(failedWith('The following packages have unmet dependencies:\n nginx : Depends: libssl4 but it is not installable\nE: Unable to correct problems, you have held broken packages.', 100), 'apt-get')?.kind).toBe('dependency');
  });

  it('leaves platform trouble unclassified (it stays an error): the dpkg lock, a full disk, a timeout, success', () => {
    expect(classifyInstallFailure(failedWith('dpkg: error: dpkg frontend lock was locked by another process with pid 812', 2), 'dpkg -i')).toBeUndefined();
    expect(classifyInstallFailure(failedWith('dpkg: error processing archive x.deb (--install):\n cannot copy extracted data for ./usr/bin/x to /usr/bin/x.dpkg-new: failed to write (No space left on device)'), 'dpkg -i')).toBeUndefined();
    expect(classifyInstallFailure(failedWith('installed pp-broken package post-installation script subprocess returned error exit status 1', null, true), 'dpkg -i')).toBeUndefined();
    expect(classifyInstallFailure(failedWith('', 0), 'dpkg -i')).toBeUndefined();
  });
});

describe('configCheckFor', () => {
  it("knows each server's own check, for pp-service names and systemd units", () => {
    expect(configCheckFor('nginx')?.argv).toEqual(['/usr/sbin/nginx', '-t']);
    expect(configCheckFor('haproxy')?.argv).toEqual(['/usr/sbin/haproxy', '-c', '-f', '/etc/haproxy/haproxy.cfg']);
    expect(configCheckFor('apache2')?.command).toBe('apache2ctl -t');
    expect(configCheckFor('postgresql@15-main')?.argv.join(' ')).toContain('-C data_directory');
    expect(configCheckFor('mariadb')?.argv.join(' ')).toContain('mariadbd --help --verbose');
    expect(configCheckFor('cron')).toBeUndefined();
  });
});
