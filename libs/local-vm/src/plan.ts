import { join } from 'node:path';
import { Cidr, OffsetAllocator, ROUTER_OFFSET, addressAt, allocateSubnets, formatCidr, hostOffset, offsetOf, parseCidr, overlaps } from './address';
import { LocalVmError } from './errors';
import { hostNames, hostnameOf, shortId } from './names';
import type { EnvironmentKind, EnvironmentRecord, NetworkRecord, NicRecord, RouterRecord, ServerRecord, VolumeRecord } from './state';
import { environmentDir } from './state';
import type { LoadBalancerSpec, ServerNic, ServerSpec, Template } from './template';

/** The root filesystem layers of one server: its base image, or (replica) a snapshot over the original's. */
export interface RootLayers {
  imageId: string;
  lowerDirs: string[];
  /** Replica VMs: a copy of the original's upper layer (`<vm dir>/snapshot`) goes on top of `lowerDirs`. */
  snapshot?: boolean;
}

export interface PlanInput {
  id: string;
  kind: EnvironmentKind;
  stateDir: string;
  prefix: string;
  template: Template;
  cidrs: ReadonlyMap<string, Cidr>;
  rootOf: (serverName: string) => RootLayers;
  ssh: EnvironmentRecord['ssh'];
  source?: EnvironmentRecord['source'];
}

/**
 * Turns a template into a complete record: every host object name, address and directory is decided
 * here, before anything is created, so a crash at any later point leaves only objects a record claims.
 */
export function planEnvironment(input: PlanInput): EnvironmentRecord {
  const dir = environmentDir(input.stateDir, input.id);
  const now = new Date().toISOString();
  const addresses = assignAddresses(input.template, input.cidrs);
  return {
    formatVersion: 1,
    id: input.id,
    kind: input.kind,
    status: 'creating',
    prefix: input.prefix,
    createdAt: now,
    updatedAt: now,
    heatTemplateVersion: input.template.heatTemplateVersion,
    description: input.template.description,
    dir,
    ssh: input.ssh,
    networks: input.template.networks.map((net) => planNetwork(net.name, cidrOf(input.cidrs, net.name), input.prefix)),
    routers: input.template.routers.map((router) => planRouter(router.name, router.interfaces, input)),
    servers: [
      ...input.template.servers.map((server) => planServer(toServerPlan(server), dir, addresses, input)),
      ...input.template.loadBalancers.map((lb) => planServer(toLoadBalancerPlan(lb), dir, addresses, input)),
    ],
    volumes: planVolumes(input.template, dir),
    ...(input.source ? { source: input.source } : {}),
  };
}

interface ServerPlan {
  name: string;
  role: ServerRecord['role'];
  packages: string[];
  services: ServerRecord['services'];
  networks: ServerNic[];
  volumes: string[];
  loadBalancer?: LoadBalancerSpec;
}

function toServerPlan(server: ServerSpec): ServerPlan {
  return { ...server, role: 'server' };
}

function toLoadBalancerPlan(lb: LoadBalancerSpec): ServerPlan {
  const networks = [lb.fixedIp ? { network: lb.network, fixedIp: lb.fixedIp } : { network: lb.network }];
  return { name: lb.name, role: 'loadbalancer', packages: ['haproxy'], services: ['haproxy'], networks, volumes: [], loadBalancer: lb };
}

function cidrOf(cidrs: ReadonlyMap<string, Cidr>, network: string): Cidr {
  const cidr = cidrs.get(network);
  if (!cidr) throw new LocalVmError(`no subnet allocated for network ${network}`);
  return cidr;
}

function planNetwork(name: string, cidr: Cidr, prefix: string): NetworkRecord {
  return { name, bridge: hostNames.bridge(prefix, shortId()), cidr: formatCidr(cidr), hostAddress: addressAt(cidr, hostOffset(cidr)) };
}

function planRouter(name: string, interfaces: string[], input: PlanInput): RouterRecord {
  const id = shortId();
  const nics = interfaces.map((network, index) => ({
    network,
    ifname: `eth${index}`,
    hostVeth: hostNames.veth(input.prefix, id, index),
    address: addressAt(cidrOf(input.cidrs, network), ROUTER_OFFSET),
  }));
  return { name, netns: hostNames.netns(input.prefix, id), nics };
}

/** Address of every (server, network) pair: fixed ones first, the rest in template order from .10. */
function assignAddresses(template: Template, cidrs: ReadonlyMap<string, Cidr>): Map<string, string> {
  const allocators = new Map([...cidrs].map(([name, cidr]) => [name, new OffsetAllocator(cidr)]));
  const entries = [
    ...template.servers.flatMap((server) => server.networks.map((nic) => ({ owner: server.name, ...nic }))),
    ...template.loadBalancers.map((lb) => ({ owner: lb.name, network: lb.network, fixedIp: lb.fixedIp })),
  ];
  for (const entry of entries) {
    if (entry.fixedIp) allocators.get(entry.network)?.reserve(offsetOf(cidrOf(cidrs, entry.network), entry.fixedIp));
  }
  const addresses = new Map<string, string>();
  for (const entry of entries) {
    const allocator = allocators.get(entry.network);
    if (!allocator) throw new LocalVmError(`no subnet allocated for network ${entry.network}`);
    const address = entry.fixedIp ?? addressAt(cidrOf(cidrs, entry.network), allocator.take());
    addresses.set(`${entry.owner}/${entry.network}`, address);
  }
  return addresses;
}

function planServer(plan: ServerPlan, envDir: string, addresses: Map<string, string>, input: PlanInput): ServerRecord {
  const id = shortId();
  const netns = hostNames.netns(input.prefix, id);
  const vmDir = join(envDir, 'vms', plan.name);
  const root = input.rootOf(plan.name);
  const nics: NicRecord[] = plan.networks.map((nic, index) => ({
    network: nic.network,
    ifname: `eth${index}`,
    hostVeth: hostNames.veth(input.prefix, id, index),
    address: addresses.get(`${plan.name}/${nic.network}`) ?? '',
  }));
  return {
    name: plan.name,
    role: plan.role,
    hostname: hostnameOf(plan.name),
    netns,
    rootMount: join(input.stateDir, 'mnt', netns),
    upperDir: join(vmDir, 'upper'),
    workDir: join(vmDir, 'work'),
    lowerDirs: root.snapshot ? [join(vmDir, 'snapshot'), ...root.lowerDirs] : root.lowerDirs,
    imageId: root.imageId,
    packages: plan.packages,
    services: plan.services,
    nics,
    volumes: plan.volumes,
    ...(plan.loadBalancer ? { loadBalancer: plan.loadBalancer } : {}),
    consoleLog: join(vmDir, 'console.log'),
  };
}

function planVolumes(template: Template, envDir: string): VolumeRecord[] {
  return template.volumes.map((volume) => {
    const server = template.servers.find((candidate) => candidate.volumes.includes(volume.name));
    if (!server) throw new LocalVmError(`volume ${volume.name} is not attached`);
    const dir = join(envDir, 'volumes', volume.name);
    return {
      name: volume.name,
      server: server.name,
      mountPath: volume.mountPath,
      sizeBytes: volume.sizeBytes,
      ...(volume.owner ? { owner: volume.owner } : {}),
      dir,
      upperDir: join(dir, 'upper'),
      workDir: join(dir, 'work'),
      lowerDirs: [],
    };
  });
}

/** Subnets for the template's networks: its own CIDRs where it fixes them (must be free), else from the pool. */
export function chooseSubnets(
  template: Template,
  pool: Cidr,
  prefixLength: number,
  taken: readonly Cidr[],
  honourTemplateCidrs: boolean,
): Map<string, Cidr> {
  const chosen = new Map<string, Cidr>();
  const used = [...taken];
  for (const net of template.networks) {
    if (!honourTemplateCidrs || !net.cidr) continue;
    const cidr = parseCidr(net.cidr);
    if (used.some((other) => overlaps(other, cidr))) throw new LocalVmError(`network ${net.name}: ${net.cidr} overlaps a subnet in use`);
    chosen.set(net.name, cidr);
    used.push(cidr);
  }
  const rest = template.networks.filter((net) => !chosen.has(net.name));
  const fresh = allocateSubnets(pool, prefixLength, used, rest.length);
  rest.forEach((net, index) => chosen.set(net.name, fresh[index]));
  return chosen;
}

/** The same template on other subnets: every fixed address keeps its host offset. */
export function relocateTemplate(template: Template, cidrs: ReadonlyMap<string, Cidr>): Template {
  const move = (network: string, address: string | undefined): string | undefined => {
    const from = template.networks.find((net) => net.name === network)?.cidr;
    const to = cidrs.get(network);
    return address && from && to ? addressAt(to, offsetOf(parseCidr(from), address)) : undefined;
  };
  return {
    ...template,
    networks: template.networks.map((net) => ({ name: net.name, cidr: formatCidr(cidrOf(cidrs, net.name)) })),
    servers: template.servers.map((server) => ({
      ...server,
      networks: server.networks.map((nic) => withFixedIp(nic.network, move(nic.network, nic.fixedIp))),
    })),
    loadBalancers: template.loadBalancers.map((lb) => {
      const { fixedIp: _old, ...rest } = lb;
      const fixedIp = move(lb.network, lb.fixedIp);
      return fixedIp ? { ...rest, fixedIp } : rest;
    }),
  };
}

function withFixedIp(network: string, fixedIp: string | undefined): ServerNic {
  return fixedIp ? { network, fixedIp } : { network };
}
