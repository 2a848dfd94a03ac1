import { AddressPoolExhaustedError } from './errors';
import { OffsetAllocator, addressAt, allocateSubnets, formatCidr, hostOffset, offsetOf, parseCidr, parseIpv4 } from './address';
import { chooseSubnets, planEnvironment, relocateTemplate } from './plan';
import { parseTemplate } from './template';

describe('IPv4 helpers', () => {
  it('parses and rejects addresses and CIDRs strictly', () => {
    expect(parseIpv4('198.18.0.1')).toBe(198 * 2 ** 24 + 18 * 2 ** 16 + 1);
    expect(() => parseIpv4('198.18.0.256')).toThrow('invalid IPv4');
    expect(() => parseIpv4('01.2.3.4')).toThrow('invalid IPv4');
    expect(formatCidr(parseCidr('198.18.0.0/15'))).toBe('198.18.0.0/15');
    expect(() => parseCidr('198.19.0.0/15')).toThrow('host bits');
    expect(() => parseCidr('10.0.0.0/33')).toThrow('invalid CIDR');
  });

  it('places the host on the last usable address and VMs from .10', () => {
    const cidr = parseCidr('198.18.4.0/24');
    expect(addressAt(cidr, hostOffset(cidr))).toBe('198.18.4.254');
    const allocator = new OffsetAllocator(cidr);
    allocator.reserve(11);
    expect([allocator.take(), allocator.take(), allocator.take()]).toEqual([10, 12, 13]);
    expect(offsetOf(cidr, '198.18.4.77')).toBe(77);
    expect(() => offsetOf(cidr, '198.18.5.1')).toThrow('not in');
  });

  it('fails when a small subnet is full', () => {
    const allocator = new OffsetAllocator(parseCidr('10.0.0.0/28'));
    expect([allocator.take(), allocator.take(), allocator.take(), allocator.take()]).toEqual([10, 11, 12, 13]);
    expect(() => allocator.take()).toThrow('is full');
  });
});

describe('allocateSubnets', () => {
  const pool = parseCidr('198.18.0.0/15');

  it('takes the lowest free subnets of the pool', () => {
    const taken = [parseCidr('198.18.0.0/24'), parseCidr('198.18.2.0/23')];
    expect(allocateSubnets(pool, 24, taken, 3).map(formatCidr)).toEqual(['198.18.1.0/24', '198.18.4.0/24', '198.18.5.0/24']);
  });

  it('skips subnets overlapping a wider route', () => {
    expect(allocateSubnets(pool, 24, [parseCidr('198.18.0.0/16')], 1).map(formatCidr)).toEqual(['198.19.0.0/24']);
  });

  it('fails clearly when the pool is exhausted', () => {
    expect(() => allocateSubnets(parseCidr('10.0.0.0/23'), 24, [parseCidr('10.0.0.0/24')], 2)).toThrow('no 2 free /24 subnets');
    expect(() => allocateSubnets(parseCidr('10.0.0.0/23'), 24, [parseCidr('10.0.0.0/24')], 2)).toThrow(AddressPoolExhaustedError);
  });
});

describe('planning addresses for a template', () => {
  const template = parseTemplate(`
heat_template_version: 2018-08-31
resources:
  a: { type: PP::Net, properties: { cidr: 10.20.0.0/24 } }
  b: { type: PP::Net }
  r: { type: PP::Router, properties: { interfaces: [a, b] } }
  vm1: { type: PP::Server, properties: { image: { packages: [] }, networks: [a, b] } }
  vm2: { type: PP::Server, properties: { image: { packages: [] }, networks: [{ network: a, fixed_ip: 10.20.0.10 }] } }
  lb: { type: PP::LoadBalancer, properties: { network: a, listener: { port: 80 }, members: [{ server: vm1, port: 80 }] } }
`);

  it('honours template CIDRs for tenants, allocates the rest, and refuses overlaps', () => {
    const cidrs = chooseSubnets(template, parseCidr('198.18.0.0/15'), 24, [parseCidr('198.18.0.0/24')], true);
    expect([...cidrs].map(([name, cidr]) => [name, formatCidr(cidr)])).toEqual([
      ['a', '10.20.0.0/24'],
      ['b', '198.18.1.0/24'],
    ]);
    expect(() => chooseSubnets(template, parseCidr('198.18.0.0/15'), 24, [parseCidr('10.20.0.0/16')], true)).toThrow('overlaps');
  });

  it('gives fixed addresses first, others from .10 in order, routers .1, the host the last address', () => {
    const cidrs = chooseSubnets(template, parseCidr('198.18.0.0/15'), 24, [], true);
    const record = planEnvironment({
      id: 'env1',
      kind: 'tenant',
      stateDir: '/var/lib/pp-test',
      prefix: 'pp',
      template,
      cidrs,
      rootOf: () => ({ imageId: 'img', lowerDirs: ['/images/img/rootfs'] }),
      ssh: { user: 'root', publicKey: 'ssh-ed25519 AAAA', privateKeyPath: '/k' },
    });
    const nics = Object.fromEntries(record.servers.map((server) => [server.name, server.nics.map((nic) => `${nic.ifname}=${nic.address}`)]));
    expect(nics).toEqual({ vm1: ['eth0=10.20.0.11', 'eth1=198.18.0.10'], vm2: ['eth0=10.20.0.10'], lb: ['eth0=10.20.0.12'] });
    expect(record.routers[0].nics.map((nic) => nic.address)).toEqual(['10.20.0.1', '198.18.0.1']);
    expect(record.networks.map((net) => net.hostAddress)).toEqual(['10.20.0.254', '198.18.0.254']);
    expect(record.servers[2]).toMatchObject({ role: 'loadbalancer', packages: ['haproxy'], services: ['haproxy'] });
    for (const server of record.servers) {
      expect(server.netns).toMatch(/^pp-[0-9a-f]{8}$/);
      expect(server.nics.every((nic) => /^ppv[0-9a-f]{8}\d$/.test(nic.hostVeth) && nic.hostVeth.length <= 15)).toBe(true);
      expect(server.rootMount).toBe(`/var/lib/pp-test/mnt/${server.netns}`);
    }
    expect(record.networks.every((net) => /^ppb[0-9a-f]{8}$/.test(net.bridge))).toBe(true);
  });

  it('moves a template to new subnets keeping every host offset (replicas)', () => {
    const cidrs = chooseSubnets(template, parseCidr('198.18.0.0/15'), 24, [], true);
    const placed = relocateTemplate({ ...template, networks: [...cidrs].map(([name, cidr]) => ({ name, cidr: formatCidr(cidr) })) }, cidrs);
    const moved = new Map([
      ['a', parseCidr('198.19.7.0/24')],
      ['b', parseCidr('198.19.8.0/24')],
    ]);
    const relocated = relocateTemplate({ ...placed, servers: placed.servers.map((server) => ({ ...server, networks: server.networks.map((nic) => ({ ...nic, fixedIp: nic.network === 'a' ? '10.20.0.42' : undefined })) })) }, moved);
    expect(relocated.networks).toEqual([
      { name: 'a', cidr: '198.19.7.0/24' },
      { name: 'b', cidr: '198.19.8.0/24' },
    ]);
    expect(relocated.servers[0].networks).toEqual([{ network: 'a', fixedIp: '198.19.7.42' }, { network: 'b' }]);
  });
});
