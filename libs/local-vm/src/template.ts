import { readFile } from 'node:fs/promises';
import { parseDocument, stringify } from 'yaml';
import { Cidr, containsAddress, formatCidr, isReservedOffset, overlaps, parseCidr, parseIpv4 } from './address';
import { TemplateIssue, TemplateValidationError } from './errors';
import { GUEST_PATH_RE, OWNER_RE, PACKAGE_RE, RESOURCE_NAME_RE, hostnameOf } from './names';

/** Daemons a VM can run (besides sshd, which every VM runs). */
export const SERVICE_NAMES = ['postgresql', 'mariadb', 'nginx', 'apache2', 'haproxy'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The package that provides each service; a server must list it to enable the service. */
export const SERVICE_PACKAGES: Readonly<Record<ServiceName, { package: string; matches: RegExp }>> = {
  postgresql: { package: 'postgresql', matches: /^postgresql(?:-\d+)?$/ },
  mariadb: { package: 'mariadb-server', matches: /^mariadb-server(?:-[\d.]+)?$/ },
  nginx: { package: 'nginx', matches: /^nginx(?:-(?:light|full|extras|core))?$/ },
  apache2: { package: 'apache2', matches: /^apache2$/ },
  haproxy: { package: 'haproxy', matches: /^haproxy$/ },
};

/** HOT versions (dates and release names) accepted in `heat_template_version`. */
export const HEAT_TEMPLATE_VERSIONS = [
  '2013-05-23', '2014-10-16', '2015-04-30', '2015-10-15', '2016-04-08', '2016-10-14', '2017-02-24',
  '2017-09-01', '2018-03-02', '2018-08-31', '2021-04-16', 'newton', 'ocata', 'pike', 'queens', 'rocky', 'wallaby',
];

export const RESOURCE_TYPES = ['PP::Net', 'PP::Router', 'PP::Server', 'PP::Volume', 'PP::LoadBalancer'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface NetworkSpec {
  name: string;
  /** Fixed subnet; allocated from the driver's address pool when absent. */
  cidr?: string;
}

export interface RouterSpec {
  name: string;
  /** Networks the router joins; it takes address .1 on each. */
  interfaces: string[];
}

export interface ServerNic {
  network: string;
  fixedIp?: string;
}

export interface ServerSpec {
  name: string;
  /** Middleware packages on top of the base set (openssh-server, iproute2, procps, ...). */
  packages: string[];
  networks: ServerNic[];
  volumes: string[];
  services: ServiceName[];
}

export interface VolumeSpec {
  name: string;
  sizeBytes: number;
  mountPath: string;
  owner?: string;
}

export interface LoadBalancerSpec {
  name: string;
  network: string;
  fixedIp?: string;
  listener: { port: number; protocol: 'tcp' | 'http' };
  algorithm: 'roundrobin' | 'leastconn' | 'source';
  members: { server: string; port: number }[];
}

/** A validated template: resources grouped by type, each list in template order. */
export interface Template {
  heatTemplateVersion: string;
  description: string;
  networks: NetworkSpec[];
  routers: RouterSpec[];
  servers: ServerSpec[];
  volumes: VolumeSpec[];
  loadBalancers: LoadBalancerSpec[];
}

const GIB = 1024 ** 3;
const SIZE_UNITS: Readonly<Record<string, number>> = { M: 1024 ** 2, G: GIB, T: 1024 ** 4 };
const FORBIDDEN_MOUNT_TREES = ['/proc', '/sys', '/dev', '/run'];
const FORBIDDEN_MOUNT_PATHS = ['/usr', '/etc', '/bin', '/sbin', '/lib', '/lib64', '/boot', '/var', '/root'];
const MAX_NICS = 8;

/** Parses and validates a YAML template; throws `TemplateValidationError` listing every problem. */
export function parseTemplate(text: string): Template {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new TemplateValidationError(
      document.errors.map((error) => ({ path: `(yaml line ${error.linePos?.[0].line ?? '?'})`, message: error.message })),
    );
  }
  const value: unknown = document.toJS();
  return validateTemplate(value);
}

export async function loadTemplateFile(path: string): Promise<Template> {
  return parseTemplate(await readFile(path, 'utf8'));
}

/** Validates an already parsed document (plain objects, snake_case keys as in the YAML). */
export function validateTemplate(document: unknown): Template {
  const check = new Checker();
  const template = readTemplate(document, check);
  if (template) crossCheck(template, check);
  if (check.issues.length > 0 || !template) throw new TemplateValidationError(check.issues);
  return template;
}

/** Renders a template back to YAML (the format `parseTemplate` reads). */
export function renderTemplate(template: Template): string {
  const resources: Record<string, unknown> = {};
  for (const net of template.networks) resources[net.name] = resource('PP::Net', net.cidr ? { cidr: net.cidr } : {});
  for (const router of template.routers) resources[router.name] = resource('PP::Router', { interfaces: router.interfaces });
  for (const server of template.servers) resources[server.name] = resource('PP::Server', renderServer(server));
  for (const volume of template.volumes) resources[volume.name] = resource('PP::Volume', renderVolume(volume));
  for (const lb of template.loadBalancers) resources[lb.name] = resource('PP::LoadBalancer', renderLoadBalancer(lb));
  const document = { heat_template_version: template.heatTemplateVersion, description: template.description, resources };
  return stringify(document, { lineWidth: 0 });
}

/** Validates a template object by a render/parse round trip (catches hand-built objects too). */
export function checkTemplate(template: Template): Template {
  return parseTemplate(renderTemplate(template));
}

/** The service whose package a server lists, in SERVICE_NAMES order. */
export function servicesProvidedBy(packages: readonly string[]): ServiceName[] {
  return SERVICE_NAMES.filter((service) => packages.some((name) => SERVICE_PACKAGES[service].matches.test(name)));
}

function resource(type: ResourceType, properties: Record<string, unknown>): Record<string, unknown> {
  return { type, properties };
}

function renderServer(server: ServerSpec): Record<string, unknown> {
  return {
    image: { packages: server.packages },
    networks: server.networks.map((nic) => (nic.fixedIp ? { network: nic.network, fixed_ip: nic.fixedIp } : { network: nic.network })),
    ...(server.volumes.length > 0 ? { volumes: server.volumes } : {}),
    services: server.services,
  };
}

function renderVolume(volume: VolumeSpec): Record<string, unknown> {
  const size = volume.sizeBytes % GIB === 0 ? volume.sizeBytes / GIB : `${Math.ceil(volume.sizeBytes / SIZE_UNITS.M)}M`;
  return { size, mount_path: volume.mountPath, ...(volume.owner ? { owner: volume.owner } : {}) };
}

function renderLoadBalancer(lb: LoadBalancerSpec): Record<string, unknown> {
  return {
    network: lb.network,
    ...(lb.fixedIp ? { fixed_ip: lb.fixedIp } : {}),
    listener: lb.listener,
    algorithm: lb.algorithm,
    members: lb.members,
  };
}

/** Collects issues, each with the path of the offending field. */
class Checker {
  readonly issues: TemplateIssue[] = [];

  fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  record(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return this.fail(path, 'must be a mapping');
  }

  keys(value: Record<string, unknown>, path: string, allowed: readonly string[], required: readonly string[] = []): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(join(path, key), `unknown property (allowed: ${allowed.join(', ')})`);
    }
    for (const key of required) if (value[key] === undefined) this.fail(join(path, key), 'is required');
  }

  string(value: unknown, path: string, pattern?: RegExp): string | undefined {
    if (typeof value !== 'string') return this.fail(path, 'must be a string');
    if (pattern && !pattern.test(value)) return this.fail(path, `'${value}' must match ${pattern}`);
    return value;
  }

  list(value: unknown, path: string, min = 0): unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, 'must be a list');
    if (value.length < min) return this.fail(path, `must have at least ${min} entr${min === 1 ? 'y' : 'ies'}`);
    return value;
  }

  port(value: unknown, path: string): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
    return this.fail(path, 'must be a port number 1-65535');
  }

  oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): T | undefined {
    const found = choices.find((choice) => choice === value);
    return found ?? this.fail(path, `must be one of ${choices.join(', ')}`);
  }

  /** A reference: a plain resource name or HOT's `{ get_resource: name }`. */
  ref(value: unknown, path: string): string | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const map = value as Record<string, unknown>;
      this.keys(map, path, ['get_resource'], ['get_resource']);
      return this.string(map.get_resource, join(path, 'get_resource'), RESOURCE_NAME_RE);
    }
    return this.string(value, path, RESOURCE_NAME_RE);
  }

  ipv4(value: unknown, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    try {
      parseIpv4(text);
      return text;
    } catch {
      return this.fail(path, `'${text}' is not an IPv4 address`);
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function defined<T>(values: (T | undefined)[]): T[] {
  return values.filter((value): value is T => value !== undefined);
}

function readTemplate(document: unknown, check: Checker): Template | undefined {
  const root = check.record(document, '(template)');
  if (!root) return undefined;
  check.keys(root, '', ['heat_template_version', 'description', 'resources'], ['heat_template_version', 'resources']);
  const version = check.oneOf(root.heat_template_version, 'heat_template_version', HEAT_TEMPLATE_VERSIONS);
  const description = root.description === undefined ? '' : check.string(root.description, 'description');
  const resources = root.resources === undefined ? undefined : check.record(root.resources, 'resources');
  const template: Template = {
    heatTemplateVersion: version ?? '',
    description: description ?? '',
    networks: [],
    routers: [],
    servers: [],
    volumes: [],
    loadBalancers: [],
  };
  if (resources && Object.keys(resources).length === 0) check.fail('resources', 'must define at least one resource');
  for (const [name, raw] of Object.entries(resources ?? {})) readResource(name, raw, template, check);
  return template;
}

function readResource(name: string, raw: unknown, template: Template, check: Checker): void {
  const path = `resources.${name}`;
  if (!RESOURCE_NAME_RE.test(name)) check.fail(path, `resource name must match ${RESOURCE_NAME_RE}`);
  const body = check.record(raw, path);
  if (!body) return;
  check.keys(body, path, ['type', 'properties'], ['type']);
  const type = check.oneOf(body.type, join(path, 'type'), RESOURCE_TYPES);
  const propsPath = join(path, 'properties');
  const props = body.properties === undefined ? {} : check.record(body.properties, propsPath);
  if (!type || !props) return;
  if (type === 'PP::Net') pushDefined(template.networks, readNet(name, props, propsPath, check));
  if (type === 'PP::Router') pushDefined(template.routers, readRouter(name, props, propsPath, check));
  if (type === 'PP::Server') pushDefined(template.servers, readServer(name, props, propsPath, check));
  if (type === 'PP::Volume') pushDefined(template.volumes, readVolume(name, props, propsPath, check));
  if (type === 'PP::LoadBalancer') pushDefined(template.loadBalancers, readLoadBalancer(name, props, propsPath, check));
}

function pushDefined<T>(list: T[], value: T | undefined): void {
  if (value !== undefined) list.push(value);
}

function readNet(name: string, props: Record<string, unknown>, path: string, check: Checker): NetworkSpec | undefined {
  check.keys(props, path, ['cidr']);
  if (props.cidr === undefined) return { name };
  const text = check.string(props.cidr, join(path, 'cidr'));
  if (text === undefined) return undefined;
  try {
    const cidr = parseCidr(text);
    if (cidr.prefixLength < 16 || cidr.prefixLength > 28) return check.fail(join(path, 'cidr'), 'prefix length must be 16-28');
    return { name, cidr: formatCidr(cidr) };
  } catch (error) {
    return check.fail(join(path, 'cidr'), (error as Error).message);
  }
}

function readRouter(name: string, props: Record<string, unknown>, path: string, check: Checker): RouterSpec | undefined {
  check.keys(props, path, ['interfaces'], ['interfaces']);
  const list = check.list(props.interfaces, join(path, 'interfaces'), 1);
  if (!list) return undefined;
  const interfaces = defined(list.map((entry, index) => check.ref(entry, `${path}.interfaces[${index}]`)));
  return interfaces.length === list.length ? { name, interfaces } : undefined;
}

function readServer(name: string, props: Record<string, unknown>, path: string, check: Checker): ServerSpec | undefined {
  check.keys(props, path, ['image', 'networks', 'volumes', 'services'], ['image', 'networks']);
  const packages = readImage(props.image, join(path, 'image'), check);
  const networks = readNics(props.networks, join(path, 'networks'), check);
  const volumes = readRefList(props.volumes, join(path, 'volumes'), check);
  const services = props.services === undefined ? undefined : readServices(props.services, join(path, 'services'), check);
  if (!packages || !networks || !volumes) return undefined;
  return { name, packages, networks, volumes, services: services ?? servicesProvidedBy(packages) };
}

function readImage(value: unknown, path: string, check: Checker): string[] | undefined {
  const image = value === undefined ? undefined : check.record(value, path);
  if (!image) return undefined;
  check.keys(image, path, ['packages'], ['packages']);
  const list = check.list(image.packages, join(path, 'packages'));
  if (!list) return undefined;
  const packages = defined(list.map((entry, index) => check.string(entry, `${path}.packages[${index}]`, PACKAGE_RE)));
  return packages.length === list.length ? [...new Set(packages)] : undefined;
}

function readNics(value: unknown, path: string, check: Checker): ServerNic[] | undefined {
  const list = check.list(value, path, 1);
  if (!list) return undefined;
  if (list.length > MAX_NICS) return check.fail(path, `at most ${MAX_NICS} networks per server`);
  const nics = defined(list.map((entry, index) => readNic(entry, `${path}[${index}]`, check)));
  return nics.length === list.length ? nics : undefined;
}

function readNic(entry: unknown, path: string, check: Checker): ServerNic | undefined {
  const map = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
  if (!map || 'get_resource' in map) {
    const network = check.ref(entry, path);
    return network === undefined ? undefined : { network };
  }
  check.keys(map, path, ['network', 'fixed_ip'], ['network']);
  const network = check.ref(map.network, join(path, 'network'));
  const fixedIp = map.fixed_ip === undefined ? undefined : check.ipv4(map.fixed_ip, join(path, 'fixed_ip'));
  if (network === undefined || (map.fixed_ip !== undefined && fixedIp === undefined)) return undefined;
  return fixedIp ? { network, fixedIp } : { network };
}

function readRefList(value: unknown, path: string, check: Checker): string[] | undefined {
  if (value === undefined) return [];
  const list = check.list(value, path);
  if (!list) return undefined;
  const refs = defined(list.map((entry, index) => check.ref(entry, `${path}[${index}]`)));
  return refs.length === list.length ? refs : undefined;
}

function readServices(value: unknown, path: string, check: Checker): ServiceName[] | undefined {
  const list = check.list(value, path);
  if (!list) return undefined;
  const services = defined(list.map((entry, index) => check.oneOf(entry, `${path}[${index}]`, SERVICE_NAMES)));
  return services.length === list.length ? [...new Set(services)] : undefined;
}

function readVolume(name: string, props: Record<string, unknown>, path: string, check: Checker): VolumeSpec | undefined {
  check.keys(props, path, ['size', 'mount_path', 'owner'], ['size', 'mount_path']);
  const sizeBytes = readSize(props.size, join(path, 'size'), check);
  const mountPath = readMountPath(props.mount_path, join(path, 'mount_path'), check);
  const owner = props.owner === undefined ? undefined : check.string(props.owner, join(path, 'owner'), OWNER_RE);
  if (sizeBytes === undefined || mountPath === undefined || (props.owner !== undefined && owner === undefined)) return undefined;
  return owner ? { name, sizeBytes, mountPath, owner } : { name, sizeBytes, mountPath };
}

function readSize(value: unknown, path: string, check: Checker): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value * GIB;
  const match = typeof value === 'string' ? /^([1-9]\d{0,6})([MGT])$/.exec(value) : null;
  if (!match) return check.fail(path, "must be whole GiB (e.g. 10) or a string like '512M', '10G', '1T'");
  return Number(match[1]) * SIZE_UNITS[match[2]];
}

function readMountPath(value: unknown, path: string, check: Checker): string | undefined {
  const mountPath = check.string(value, path, GUEST_PATH_RE);
  if (mountPath === undefined) return undefined;
  const forbiddenTree = FORBIDDEN_MOUNT_TREES.find((tree) => mountPath === tree || mountPath.startsWith(`${tree}/`));
  if (forbiddenTree || FORBIDDEN_MOUNT_PATHS.includes(mountPath)) return check.fail(path, `cannot mount a volume at ${mountPath}`);
  return mountPath;
}

function readLoadBalancer(name: string, props: Record<string, unknown>, path: string, check: Checker): LoadBalancerSpec | undefined {
  check.keys(props, path, ['network', 'fixed_ip', 'listener', 'algorithm', 'members'], ['network', 'listener', 'members']);
  const network = check.ref(props.network, join(path, 'network'));
  const fixedIp = props.fixed_ip === undefined ? undefined : check.ipv4(props.fixed_ip, join(path, 'fixed_ip'));
  const listener = readListener(props.listener, join(path, 'listener'), check);
  const algorithm =
    props.algorithm === undefined ? 'roundrobin' : check.oneOf(props.algorithm, join(path, 'algorithm'), ['roundrobin', 'leastconn', 'source'] as const);
  const members = readMembers(props.members, join(path, 'members'), check);
  if (!network || !listener || !algorithm || !members || (props.fixed_ip !== undefined && !fixedIp)) return undefined;
  return { name, network, ...(fixedIp ? { fixedIp } : {}), listener, algorithm, members };
}

function readListener(value: unknown, path: string, check: Checker): LoadBalancerSpec['listener'] | undefined {
  const map = check.record(value, path);
  if (!map) return undefined;
  check.keys(map, path, ['port', 'protocol'], ['port']);
  const port = check.port(map.port, join(path, 'port'));
  const protocol = map.protocol === undefined ? 'tcp' : check.oneOf(map.protocol, join(path, 'protocol'), ['tcp', 'http'] as const);
  return port && protocol ? { port, protocol } : undefined;
}

function readMembers(value: unknown, path: string, check: Checker): LoadBalancerSpec['members'] | undefined {
  const list = check.list(value, path, 1);
  if (!list) return undefined;
  const members = defined(
    list.map((entry, index) => {
      const memberPath = `${path}[${index}]`;
      const map = check.record(entry, memberPath);
      if (!map) return undefined;
      check.keys(map, memberPath, ['server', 'port'], ['server', 'port']);
      const server = check.ref(map.server, join(memberPath, 'server'));
      const port = check.port(map.port, join(memberPath, 'port'));
      return server && port ? { server, port } : undefined;
    }),
  );
  return members.length === list.length ? members : undefined;
}

function crossCheck(template: Template, check: Checker): void {
  const types = resourceTypes(template);
  checkReferences(template, types, check);
  checkVolumes(template, check);
  checkServices(template, check);
  checkAddresses(template, check);
  checkHostnames(template, check);
  checkLoadBalancers(template, check);
}

function resourceTypes(template: Template): Map<string, ResourceType> {
  const types = new Map<string, ResourceType>();
  for (const net of template.networks) types.set(net.name, 'PP::Net');
  for (const router of template.routers) types.set(router.name, 'PP::Router');
  for (const server of template.servers) types.set(server.name, 'PP::Server');
  for (const volume of template.volumes) types.set(volume.name, 'PP::Volume');
  for (const lb of template.loadBalancers) types.set(lb.name, 'PP::LoadBalancer');
  return types;
}

function expectType(types: Map<string, ResourceType>, name: string, type: ResourceType, path: string, check: Checker): void {
  const actual = types.get(name);
  if (actual === undefined) check.fail(path, `unknown resource '${name}'`);
  else if (actual !== type) check.fail(path, `'${name}' is a ${actual}, expected a ${type}`);
}

function checkReferences(template: Template, types: Map<string, ResourceType>, check: Checker): void {
  for (const router of template.routers) {
    const path = `resources.${router.name}.properties.interfaces`;
    router.interfaces.forEach((net, index) => expectType(types, net, 'PP::Net', `${path}[${index}]`, check));
    if (new Set(router.interfaces).size !== router.interfaces.length) check.fail(path, 'lists a network twice');
  }
  for (const server of template.servers) {
    const path = `resources.${server.name}.properties`;
    server.networks.forEach((nic, index) => expectType(types, nic.network, 'PP::Net', `${path}.networks[${index}]`, check));
    if (new Set(server.networks.map((nic) => nic.network)).size !== server.networks.length) check.fail(`${path}.networks`, 'lists a network twice');
    server.volumes.forEach((volume, index) => expectType(types, volume, 'PP::Volume', `${path}.volumes[${index}]`, check));
  }
  for (const lb of template.loadBalancers) {
    const path = `resources.${lb.name}.properties`;
    expectType(types, lb.network, 'PP::Net', `${path}.network`, check);
    lb.members.forEach((member, index) => expectType(types, member.server, 'PP::Server', `${path}.members[${index}].server`, check));
  }
}

function checkVolumes(template: Template, check: Checker): void {
  const attachedTo = new Map<string, string[]>();
  for (const server of template.servers) {
    for (const volume of server.volumes) attachedTo.set(volume, [...(attachedTo.get(volume) ?? []), server.name]);
    const paths = server.volumes.map((name) => template.volumes.find((volume) => volume.name === name)?.mountPath);
    const seen = new Set<string>();
    for (const mountPath of paths) {
      if (mountPath && seen.has(mountPath)) check.fail(`resources.${server.name}.properties.volumes`, `two volumes mount at ${mountPath}`);
      if (mountPath) seen.add(mountPath);
    }
  }
  for (const volume of template.volumes) {
    const servers = attachedTo.get(volume.name) ?? [];
    if (servers.length !== 1) {
      check.fail(`resources.${volume.name}`, servers.length === 0 ? 'volume is not attached to any server' : `volume is attached to several servers (${servers.join(', ')})`);
    }
  }
}

function checkServices(template: Template, check: Checker): void {
  for (const server of template.servers) {
    server.services.forEach((service, index) => {
      if (!server.packages.some((name) => SERVICE_PACKAGES[service].matches.test(name))) {
        check.fail(`resources.${server.name}.properties.services[${index}]`, `'${service}' needs package '${SERVICE_PACKAGES[service].package}' in image.packages`);
      }
    });
  }
}

function checkAddresses(template: Template, check: Checker): void {
  const cidrs = new Map<string, Cidr>();
  for (const net of template.networks) {
    if (!net.cidr) continue;
    const cidr = parseCidr(net.cidr);
    for (const [other, otherCidr] of cidrs) {
      if (overlaps(cidr, otherCidr)) check.fail(`resources.${net.name}.properties.cidr`, `overlaps network '${other}'`);
    }
    cidrs.set(net.name, cidr);
  }
  const routed = new Map<string, string>();
  for (const router of template.routers) {
    for (const net of router.interfaces) {
      const other = routed.get(net);
      if (other) check.fail(`resources.${router.name}.properties.interfaces`, `network '${net}' already has router '${other}'`);
      routed.set(net, router.name);
    }
  }
  const fixed = [
    ...template.servers.flatMap((server) =>
      server.networks.map((nic, index) => ({ ...nic, path: `resources.${server.name}.properties.networks[${index}].fixed_ip` })),
    ),
    ...template.loadBalancers.map((lb) => ({ network: lb.network, fixedIp: lb.fixedIp, path: `resources.${lb.name}.properties.fixed_ip` })),
  ];
  checkFixedIps(fixed, cidrs, template, check);
}

function checkFixedIps(
  entries: { network: string; fixedIp?: string; path: string }[],
  cidrs: Map<string, Cidr>,
  template: Template,
  check: Checker,
): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!entry.fixedIp) continue;
    const cidr = cidrs.get(entry.network);
    if (!cidr) {
      if (template.networks.some((net) => net.name === entry.network)) check.fail(entry.path, `network '${entry.network}' needs a cidr to use fixed_ip`);
      continue;
    }
    const address = parseIpv4(entry.fixedIp);
    if (!containsAddress(cidr, address)) check.fail(entry.path, `${entry.fixedIp} is not in ${formatCidr(cidr)}`);
    else if (isReservedOffset(cidr, address - cidr.network)) check.fail(entry.path, `${entry.fixedIp} is reserved (network, router .1, host, broadcast)`);
    if (seen.has(entry.fixedIp)) check.fail(entry.path, `${entry.fixedIp} is used twice`);
    seen.add(entry.fixedIp);
  }
}

function checkHostnames(template: Template, check: Checker): void {
  const seen = new Map<string, string>();
  for (const name of [...template.servers.map((server) => server.name), ...template.loadBalancers.map((lb) => lb.name)]) {
    const other = seen.get(hostnameOf(name));
    if (other) check.fail(`resources.${name}`, `host name '${hostnameOf(name)}' clashes with '${other}'`);
    seen.set(hostnameOf(name), name);
  }
}

function checkLoadBalancers(template: Template, check: Checker): void {
  for (const lb of template.loadBalancers) {
    lb.members.forEach((member, index) => {
      const server = template.servers.find((candidate) => candidate.name === member.server);
      if (server && !server.networks.some((nic) => nic.network === lb.network)) {
        check.fail(`resources.${lb.name}.properties.members[${index}].server`, `'${member.server}' is not on network '${lb.network}'`);
      }
    });
    const names = lb.members.map((member) => `${member.server}:${member.port}`);
    if (new Set(names).size !== names.length) check.fail(`resources.${lb.name}.properties.members`, 'lists a member twice');
  }
}
