import { parseHaproxyConfig } from './extract';
import { parseMountInfoLine } from './mounts';
import { hostNames } from './names';
import { parseAutoInstalled, parseInstalled, topLevelPackages } from './packages';
import { planEnvironment } from './plan';
import { parseCidr } from './address';
import { parseTemplate } from './template';
import { renderHaproxyConfig, renderHosts } from './vm';

describe('reading back a load balancer', () => {
  const template = parseTemplate(`
heat_template_version: 2018-08-31
resources:
  net: { type: PP::Net, properties: { cidr: 10.4.0.0/24 } }
  a: { type: PP::Server, properties: { image: { packages: [nginx] }, networks: [net] } }
  b: { type: PP::Server, properties: { image: { packages: [apache2] }, networks: [net] } }
  lb:
    type: PP::LoadBalancer
    properties: { network: net, listener: { port: 8080, protocol: http }, algorithm: leastconn, members: [{ server: a, port: 80 }, { server: b, port: 81 }] }
`);
  const record = planEnvironment({
    id: 'lbtest',
    kind: 'tenant',
    stateDir: '/var/lib/pp-test',
    prefix: 'pp',
    template,
    cidrs: new Map([['net', parseCidr('10.4.0.0/24')]]),
    rootOf: () => ({ imageId: 'x', lowerDirs: ['/x'] }),
    ssh: { user: 'root', publicKey: 'ssh-ed25519 AAAA', privateKeyPath: '/k' },
  });

  it('renders the members with their addresses in this environment and parses them back', () => {
    const config = renderHaproxyConfig(record, template.loadBalancers[0]);
    expect(config).toContain('    server a 10.4.0.10:80 check\n    server b 10.4.0.11:81 check');
    expect(parseHaproxyConfig(config)).toEqual({
      listener: { port: 8080, protocol: 'http' },
      algorithm: 'leastconn',
      members: [
        { address: '10.4.0.10', port: 80 },
        { address: '10.4.0.11', port: 81 },
      ],
    });
  });

  it('rejects a configuration it does not understand', () => {
    expect(() => parseHaproxyConfig('frontend x\n  mode udp\n')).toThrow('not understood');
  });

  it('lists every server of the environment in /etc/hosts', () => {
    expect(renderHosts(record, record.servers[0])).toContain('10.4.0.10\ta\n10.4.0.11\tb\n10.4.0.12\tlb\n');
  });
});

describe('package inventory', () => {
  const query = ['ii \tapt\t2.6.1', 'ii \tlibc6\t2.36-9', 'ii \tpostgresql\t15+248', 'ii \tpostgresql-15\t15.13-0', 'rc \tnginx\t1.22', 'ii \tcurl\t7.88'].join('\n');
  const states = 'Package: postgresql-15\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: curl\nArchitecture: amd64\nAuto-Installed: 0\n';

  it('keeps installed packages only, with versions', () => {
    expect(parseInstalled(query).map((pkg) => `${pkg.name}=${pkg.version}`)).toEqual([
      'apt=2.6.1',
      'curl=7.88',
      'libc6=2.36-9',
      'postgresql=15+248',
      'postgresql-15=15.13-0',
    ]);
  });

  it('reports top-level packages: not dependencies, not the bootstrap set, not the base set', () => {
    const auto = parseAutoInstalled(states);
    expect([...auto]).toEqual(['postgresql-15']);
    expect(topLevelPackages(parseInstalled(query), auto, ['apt', 'libc6'], ['openssh-server'])).toEqual(['curl', 'postgresql']);
  });
});

describe('host details', () => {
  it('parses mountinfo lines, escapes included', () => {
    const line = '46 43 0:39 / /var/lib/patchproof/local/mnt/pp-1\\040x rw,relatime shared:3 - overlay overlay rw,lowerdir=/a,upperdir=/b,workdir=/c';
    expect(parseMountInfoLine(line)).toEqual({
      root: '/',
      mountPoint: '/var/lib/patchproof/local/mnt/pp-1 x',
      propagation: 'shared:3',
      fsType: 'overlay',
      source: 'overlay',
      superOptions: 'rw,lowerdir=/a,upperdir=/b,workdir=/c',
    });
  });

  it('names host objects so that one prefix never matches another', () => {
    expect(hostNames.netnsPattern('pp').test(hostNames.netns('pp', '0123abcd'))).toBe(true);
    expect(hostNames.netnsPattern('pp').test(hostNames.netns('ppt', '0123abcd'))).toBe(false);
    expect(hostNames.linkPattern('pp').test(hostNames.bridge('pp', '0123abcd'))).toBe(true);
    expect(hostNames.linkPattern('pp').test(hostNames.veth('pp', '0123abcd', 7))).toBe(true);
    expect(hostNames.linkPattern('pp').test(hostNames.bridge('ppt', '0123abcd'))).toBe(false);
    expect(hostNames.veth('abcd', '0123abcd', 9)).toHaveLength(14);
  });
});
