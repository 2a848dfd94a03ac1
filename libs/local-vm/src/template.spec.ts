import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateValidationError } from './errors';
import { Template, checkTemplate, parseTemplate, renderTemplate } from './template';

const templatesDir = join(__dirname, '..', 'templates');

function issuesOf(text: string): string[] {
  try {
    parseTemplate(text);
  } catch (error) {
    if (error instanceof TemplateValidationError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('template was accepted');
}

const tiny = `
heat_template_version: 2018-08-31
description: one VM
resources:
  net:
    type: PP::Net
  vm:
    type: PP::Server
    properties:
      image: { packages: [] }
      networks: [net]
`;

describe('parseTemplate', () => {
  it('reads pattern A: two networks, a router, two database servers with their volumes', () => {
    const template = parseTemplate(readFileSync(join(templatesDir, 'pattern-a.yaml'), 'utf8'));
    expect(template.networks.map((net) => net.name)).toEqual(['db_net', 'app_net']);
    expect(template.routers).toEqual([{ name: 'router', interfaces: ['db_net', 'app_net'] }]);
    expect(template.servers.map((server) => [server.name, server.packages, server.services, server.volumes])).toEqual([
      ['pg', ['postgresql'], ['postgresql'], ['pg_data']],
      ['maria', ['mariadb-server'], ['mariadb'], ['maria_data']],
    ]);
    expect(template.volumes).toEqual([
      { name: 'pg_data', sizeBytes: 10 * 1024 ** 3, mountPath: '/var/lib/postgresql', owner: 'postgres' },
      { name: 'maria_data', sizeBytes: 10 * 1024 ** 3, mountPath: '/var/lib/mysql', owner: 'mysql' },
    ]);
  });

  it('reads pattern B: two web servers behind a load balancer', () => {
    const template = parseTemplate(readFileSync(join(templatesDir, 'pattern-b.yaml'), 'utf8'));
    expect(template.loadBalancers).toEqual([
      {
        name: 'lb',
        network: 'web_net',
        listener: { port: 80, protocol: 'http' },
        algorithm: 'roundrobin',
        members: [
          { server: 'web_nginx', port: 80 },
          { server: 'web_apache', port: 80 },
        ],
      },
    ]);
    expect(template.servers.map((server) => server.services)).toEqual([['nginx'], ['apache2']]);
  });

  it('accepts plain names and get_resource alike, and derives services from packages when omitted', () => {
    const template = parseTemplate(`
heat_template_version: rocky
resources:
  net: { type: PP::Net, properties: { cidr: 10.9.8.0/24 } }
  web:
    type: PP::Server
    properties:
      image: { packages: [nginx, curl] }
      networks: [{ network: { get_resource: net }, fixed_ip: 10.9.8.20 }]
`);
    expect(template.servers[0]).toEqual({
      name: 'web',
      packages: ['nginx', 'curl'],
      networks: [{ network: 'net', fixedIp: '10.9.8.20' }],
      volumes: [],
      services: ['nginx'],
    });
  });

  it('survives a render/parse round trip unchanged', () => {
    for (const file of ['pattern-a.yaml', 'pattern-b.yaml']) {
      const template = parseTemplate(readFileSync(join(templatesDir, file), 'utf8'));
      expect(parseTemplate(renderTemplate(template))).toEqual(template);
    }
  });

  it('reports YAML syntax errors with their line', () => {
    expect(issuesOf('heat_template_version: 2018-08-31\nresources: [\n')[0]).toMatch(/^\(yaml line \d+\)/);
  });

  it('names the field of every problem, all at once', () => {
    const issues = issuesOf(`
heat_template_version: 1999-01-01
outputs: {}
resources:
  net: { type: PP::Net, properties: { cidr: 10.0.0.1/24 } }
  vm:
    type: PP::Server
    properties:
      image: { packages: [Bad_Name] }
      netwroks: [net]
  disk: { type: PP::Disk }
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^heat_template_version: must be one of/),
        expect.stringMatching(/^outputs: unknown property/),
        expect.stringMatching(/^resources\.net\.properties\.cidr: .*host bits/),
        expect.stringMatching(/^resources\.vm\.properties\.image\.packages\[0\]: 'Bad_Name' must match/),
        expect.stringMatching(/^resources\.vm\.properties\.netwroks: unknown property/),
        expect.stringMatching(/^resources\.vm\.properties\.networks: is required/),
        expect.stringMatching(/^resources\.disk\.type: must be one of PP::Net/),
      ]),
    );
  });

  it('checks references: existence, type, and one attachment per volume', () => {
    const issues = issuesOf(`
heat_template_version: 2018-08-31
resources:
  net: { type: PP::Net }
  data: { type: PP::Volume, properties: { size: 1, mount_path: /srv/data } }
  spare: { type: PP::Volume, properties: { size: 512M, mount_path: /srv/spare } }
  a:
    type: PP::Server
    properties: { image: { packages: [] }, networks: [nett], volumes: [data, net] }
  b:
    type: PP::Server
    properties: { image: { packages: [] }, networks: [data], volumes: [data] }
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        "resources.a.properties.networks[0]: unknown resource 'nett'",
        "resources.a.properties.volumes[1]: 'net' is a PP::Net, expected a PP::Volume",
        "resources.b.properties.networks[0]: 'data' is a PP::Volume, expected a PP::Net",
        'resources.data: volume is attached to several servers (a, b)',
        'resources.spare: volume is not attached to any server',
      ]),
    );
  });

  it('requires the package of every enabled service', () => {
    expect(issuesOf(tiny.replace('networks: [net]', 'networks: [net]\n      services: [postgresql]'))).toEqual([
      "resources.vm.properties.services[0]: 'postgresql' needs package 'postgresql' in image.packages",
    ]);
  });

  it('rejects volume paths over system directories and bad sizes', () => {
    const issues = issuesOf(`
heat_template_version: 2018-08-31
resources:
  net: { type: PP::Net }
  v1: { type: PP::Volume, properties: { size: 0, mount_path: /proc/x } }
  v2: { type: PP::Volume, properties: { size: 1G, mount_path: /etc } }
  v3: { type: PP::Volume, properties: { size: 1, mount_path: /srv/../etc } }
  vm: { type: PP::Server, properties: { image: { packages: [] }, networks: [net], volumes: [v1, v2, v3] } }
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^resources\.v1\.properties\.size: must be whole GiB/),
        'resources.v1.properties.mount_path: cannot mount a volume at /proc/x',
        'resources.v2.properties.mount_path: cannot mount a volume at /etc',
        expect.stringMatching(/^resources\.v3\.properties\.mount_path: '\/srv\/\.\.\/etc' must match/),
      ]),
    );
  });

  it('checks addresses: fixed IPs need a cidr, stay inside it, avoid reserved offsets and clashes', () => {
    const issues = issuesOf(`
heat_template_version: 2018-08-31
resources:
  a: { type: PP::Net, properties: { cidr: 10.1.0.0/24 } }
  b: { type: PP::Net, properties: { cidr: 10.1.0.128/25 } }
  c: { type: PP::Net }
  r1: { type: PP::Router, properties: { interfaces: [a, c] } }
  r2: { type: PP::Router, properties: { interfaces: [c] } }
  vm1: { type: PP::Server, properties: { image: { packages: [] }, networks: [{ network: a, fixed_ip: 10.1.0.1 }, { network: c, fixed_ip: 10.2.0.5 }] } }
  vm2: { type: PP::Server, properties: { image: { packages: [] }, networks: [{ network: a, fixed_ip: 10.1.1.9 }] } }
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        "resources.b.properties.cidr: overlaps network 'a'",
        "resources.r2.properties.interfaces: network 'c' already has router 'r1'",
        'resources.vm1.properties.networks[0].fixed_ip: 10.1.0.1 is reserved (network, router .1, host, broadcast)',
        "resources.vm1.properties.networks[1].fixed_ip: network 'c' needs a cidr to use fixed_ip",
        'resources.vm2.properties.networks[0].fixed_ip: 10.1.1.9 is not in 10.1.0.0/24',
      ]),
    );
  });

  it('checks load balancer members are servers on its network', () => {
    const issues = issuesOf(`
heat_template_version: 2018-08-31
resources:
  front: { type: PP::Net }
  back: { type: PP::Net }
  web: { type: PP::Server, properties: { image: { packages: [nginx] }, networks: [back] } }
  lb:
    type: PP::LoadBalancer
    properties:
      network: front
      listener: { port: 70000, protocol: udp }
      members: [{ server: web, port: 80 }, { server: front, port: 80 }]
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'resources.lb.properties.listener.port: must be a port number 1-65535',
        'resources.lb.properties.listener.protocol: must be one of tcp, http',
      ]),
    );
    const onWrongNet = issuesOf(`
heat_template_version: 2018-08-31
resources:
  front: { type: PP::Net }
  back: { type: PP::Net }
  web: { type: PP::Server, properties: { image: { packages: [nginx] }, networks: [back] } }
  lb: { type: PP::LoadBalancer, properties: { network: front, listener: { port: 80 }, members: [{ server: web, port: 80 }, { server: front, port: 80 }] } }
`);
    expect(onWrongNet).toEqual([
      "resources.lb.properties.members[1].server: 'front' is a PP::Net, expected a PP::Server",
      "resources.lb.properties.members[0].server: 'web' is not on network 'front'",
    ]);
  });

  it('rejects host names that clash once underscores become dashes', () => {
    const issues = issuesOf(`${tiny}
  v_m:
    type: PP::Server
    properties:
      image: { packages: [] }
      networks: [net]
`.replace('  vm:\n', '  v-m:\n'));
    expect(issues).toEqual(["resources.v_m: host name 'v-m' clashes with 'v-m'"]);
  });

  it('validates hand-built Template objects too', () => {
    const template: Template = {
      heatTemplateVersion: '2018-08-31',
      description: '',
      networks: [{ name: 'net' }],
      routers: [],
      servers: [{ name: 'vm', packages: [], networks: [{ network: 'nope' }], volumes: [], services: [] }],
      volumes: [],
      loadBalancers: [],
    };
    expect(() => checkTemplate(template)).toThrow("resources.vm.properties.networks[0]: unknown resource 'nope'");
  });
});
