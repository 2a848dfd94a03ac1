import { VmInventory } from '@patchproof/contracts';
import { catalogData } from './catalogs/catalog-seed';
import { STARTER_CATALOG } from './catalogs/starter-catalog';
import { CatalogIndex } from './catalog-index';
import { normalizeInventory } from './normalize-inventory';

const index = new CatalogIndex(catalogData(STARTER_CATALOG));

function debianVm(packages: Array<[string, string]>, services: VmInventory['services'] = []): VmInventory {
  return { vmId: 'vm-1', os: { family: 'debian', name: 'Debian GNU/Linux', version: '12' }, packages: packages.map(([name, version]) => ({ name, version })), services };
}

function matchedSoftware(inventory: VmInventory): Array<[string, string]> {
  return normalizeInventory(index, inventory).matches.map((match) => [match.pkg.name, match.software.record.id]);
}

describe('normalizeInventory', () => {
  it('maps packages to software by exact name, regex and version range (epoch and revision ignored)', () => {
    const inventory = debianVm([
      ['base-files', '12.4+deb12u5'], ['postgresql-15', '15.8-0+deb12u1'], ['mariadb-server', '1:10.11.6-0+deb12u1'],
      ['nginx', '1.22.1-9'], ['postgresql-17', '17.2-1.pgdg120+1'], ['libc6', '2.36-9+deb12u7'],
    ]);
    expect(matchedSoftware(inventory)).toEqual([
      ['base-files', 'debian-12'], ['mariadb-server', 'mariadb'], ['nginx', 'nginx'], ['postgresql-15', 'postgresql-15'], ['postgresql-17', 'postgresql-16-plus'],
    ]);
  });

  it('matches nothing for another OS family', () => {
    const inventory: VmInventory = { ...debianVm([['nginx', '1.22.1-9']]), os: { family: 'rhel', name: 'AlmaLinux', version: '9' } };
    expect(matchedSoftware(inventory)).toEqual([]);
  });

  it('lists a package whose name is known but whose version is in no range', () => {
    const { matches, unknown } = normalizeInventory(index, debianVm([['postgresql-14', '14.13-0+deb12u1'], ['apache2', '2.2.22-13']]));
    expect(matches).toEqual([]);
    expect(unknown).toEqual(['apache2 2.2.22-13', 'postgresql-14 14.13-0+deb12u1']);
  });

  it('lists notable unknown software: listening-service providers, known middleware, servers; not libraries or tools', () => {
    const inventory = debianVm(
      [['redis-server', '5:7.0.15-1~deb12u1'], ['myapp', '2.3.0'], ['foo-server', '1.0'], ['libpq5', '15.8-0+deb12u1'], ['curl', '7.88.1-10'], ['htop', '3.2.2-2']],
      [{ name: 'myapp', port: 8080 }, { name: 'redis-server', port: 6379 }],
    );
    expect(normalizeInventory(index, inventory).unknown).toEqual(['foo-server 1.0', 'myapp 2.3.0', 'redis-server 5:7.0.15-1~deb12u1']);
  });

  it('does not list packages that belong to recognised software', () => {
    const inventory = debianVm(
      [['postgresql-15', '15.8-0+deb12u1'], ['postgresql-client-15', '15.8-0+deb12u1'], ['postgresql-common', '248'], ['mariadb-server', '1:10.11.6-0+deb12u1'], ['mariadb-server-core', '1:10.11.6-0+deb12u1']],
      [{ name: 'postgresql', port: 5432 }, { name: 'mariadb', port: 3306 }],
    );
    expect(normalizeInventory(index, inventory).unknown).toEqual([]);
  });

  it('lists a listening service no installed package accounts for', () => {
    const inventory = debianVm([['nginx', '1.22.1-9']], [{ name: 'nginx', port: 80 }, { name: 'legacy-crm', port: 9000 }, { name: 'sshd', port: 22 }]);
    expect(normalizeInventory(index, inventory).unknown).toEqual(['legacy-crm (listening on :9000, no package)', 'sshd (listening on :22, no package)']);
  });

  it('accounts for a service through the recognised software\'s service names', () => {
    const inventory = debianVm([['openssh-server', '1:9.2p1-2+deb12u3'], ['mariadb-server', '1:10.11.6-0+deb12u1']], [{ name: 'sshd', port: 22 }, { name: 'mysqld', port: 3306 }]);
    const { unknown, matches } = normalizeInventory(index, inventory);
    expect(matches.map((match) => match.software.record.id)).toEqual(['mariadb', 'openssh-server']);
    expect(unknown).toEqual([]);
  });
});
