import { parseSha256sum } from './deb-staging';
import { installedVersionsFrom, ownersFrom, packageFilesFrom, sourcesFrom } from './dpkg-state';

describe('dpkg output parsers', () => {
  it('installedVersionsFrom keeps installed packages only, the first architecture of a multi-arch one', () => {
    const text = 'libc6\t2.36-9+deb12u14\tamd64\tii \nlibc6\t2.36-9+deb12u14\ti386\tii \nnginx\t1.22.1-9\tamd64\trc \nopenssl\t3.0.15-1~deb12u1\tamd64\thi \n';
    expect(installedVersionsFrom(text)).toEqual(new Map([['libc6', '2.36-9+deb12u14'], ['openssl', '3.0.15-1~deb12u1']]));
  });

  it('packageFilesFrom splits dpkg-query -L output by the #PKG markers', () => {
    const text = '#PKG libssl3\n/.\n/usr/lib/x86_64-linux-gnu/libssl.so.3\n#PKG nginx-common\n/etc/nginx/nginx.conf\ndiverted by foo to: /x\n';
    expect(packageFilesFrom(text)).toEqual(new Map([['libssl3', ['/.', '/usr/lib/x86_64-linux-gnu/libssl.so.3']], ['nginx-common', ['/etc/nginx/nginx.conf']]]));
  });

  it('ownersFrom reads dpkg-query -S lines, dropping architectures, extra owners and diversion notes', () => {
    const text = [
      'openssh-server: /usr/sbin/sshd',
      'libc6:amd64: /lib/x86_64-linux-gnu/libc.so.6',
      'mariadb-server-core, mariadb-server: /usr/sbin/mariadbd',
      'diversion by dash from: /bin/sh',
      'diversion by dash to: /bin/sh.distrib',
    ].join('\n');
    expect(ownersFrom(text)).toEqual(new Map([
      ['/usr/sbin/sshd', 'openssh-server'], ['/usr/lib/x86_64-linux-gnu/libc.so.6', 'libc6'], ['/usr/sbin/mariadbd', 'mariadb-server-core'],
    ]));
  });

  it('sourcesFrom maps binary to source packages', () => {
    expect(sourcesFrom('libssl3\topenssl\nnginx-common\tnginx\nbroken\n')).toEqual(new Map([['libssl3', 'openssl'], ['nginx-common', 'nginx']]));
  });

  it('parseSha256sum reads text and binary mode lines', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(parseSha256sum(`${a}  /var/tmp/patchproof/x.deb\n${b} */var/tmp/patchproof/y.deb\nsha256sum: /z: No such file or directory\n`)).toEqual(new Map([
      ['/var/tmp/patchproof/x.deb', a], ['/var/tmp/patchproof/y.deb', b],
    ]));
  });
});
