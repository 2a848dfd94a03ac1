import { stat } from 'node:fs/promises';
import { formatCidr, parseIpv4, subnetSize } from './address';
import { BASE_PACKAGES, findBaseImage } from './base-image';
import type { LocalVmConfig } from './config';
import { LocalVmError } from './errors';
import { ownerName, readGuestFile, runInGuestRoot } from './guest';
import { MountEntry, isUnder, readMounts } from './mounts';
import { forwardingEnabled, listAddresses, listLinks } from './net';
import { DPKG_QUERY_FORMAT, InstalledPackage, parseAutoInstalled, parseInstalled, topLevelPackages } from './packages';
import type { EnvironmentRecord, ServerRecord, VolumeRecord } from './state';
import { LoadBalancerSpec, SERVICE_NAMES, ServiceName, ServerSpec, Template, VolumeSpec, checkTemplate } from './template';
import { enabledServices } from './vm';

/** What is attached where, read from the kernel: interface → network, per namespace. */
interface LiveTopology {
  cidrs: Map<string, string>;
  /** Host ifindex of each veth on one of our bridges → network name. */
  networkOfHostVeth: Map<number, string>;
}

interface LiveNic {
  ifname: string;
  network: string;
  address: string;
}

/**
 * Derives the template of a running environment from what is actually there (Heat cannot export
 * one from a live tenant): bridges and their subnets, each namespace's interfaces and addresses, the
 * volume mounts, the top-level packages and enabled services inside each VM's filesystem, the
 * routers' forwarding state and the load balancer's haproxy configuration. The record supplies only
 * names (which namespace is which server) and what the kernel cannot know (declared volume sizes).
 */
export async function extractTemplate(config: LocalVmConfig, record: EnvironmentRecord): Promise<Template> {
  if (record.status !== 'ready') throw new LocalVmError(`environment ${record.id} is ${record.status}, not ready`);
  const topology = await readTopology(record);
  const nicsByServer = new Map<string, LiveNic[]>();
  for (const server of record.servers) nicsByServer.set(server.name, await readNics(server.netns, topology));
  const mounts = await readMounts();
  const servers: ServerSpec[] = [];
  const volumes: VolumeSpec[] = [];
  for (const server of record.servers.filter((candidate) => candidate.role === 'server')) {
    const found = await inspectVolumes(server, record.volumes, mounts);
    volumes.push(...found);
    servers.push(await inspectServer(config, server, nicsByServer.get(server.name) ?? [], found));
  }
  const template: Template = {
    heatTemplateVersion: record.heatTemplateVersion,
    description: record.description,
    networks: record.networks.map((net) => ({ name: net.name, cidr: topology.cidrs.get(net.name) ?? net.cidr })),
    routers: await inspectRouters(record, topology),
    servers,
    volumes,
    loadBalancers: await inspectLoadBalancers(record, nicsByServer),
  };
  return checkTemplate(template);
}

async function readTopology(record: EnvironmentRecord): Promise<LiveTopology> {
  const links = await listLinks();
  const addresses = await listAddresses();
  const cidrs = new Map<string, string>();
  const networkOfBridge = new Map<string, string>();
  for (const net of record.networks) {
    if (!links.some((link) => link.ifname === net.bridge)) throw new LocalVmError(`bridge ${net.bridge} of network ${net.name} is gone`);
    const address = addresses.find((entry) => entry.ifname === net.bridge);
    if (address) {
      const value = parseIpv4(address.address);
      cidrs.set(net.name, formatCidr({ network: value - (value % subnetSize(address.prefixLength)), prefixLength: address.prefixLength }));
    }
    networkOfBridge.set(net.bridge, net.name);
  }
  const networkOfHostVeth = new Map<number, string>();
  for (const link of links) {
    const network = link.master ? networkOfBridge.get(link.master) : undefined;
    if (network) networkOfHostVeth.set(link.ifindex, network);
  }
  return { cidrs, networkOfHostVeth };
}

async function readNics(netns: string, topology: LiveTopology): Promise<LiveNic[]> {
  const links = await listLinks(netns);
  const addresses = await listAddresses(netns);
  const nics: LiveNic[] = [];
  for (const link of links) {
    const network = link.link_index === undefined ? undefined : topology.networkOfHostVeth.get(link.link_index);
    const address = addresses.find((entry) => entry.ifname === link.ifname)?.address;
    if (network && address) nics.push({ ifname: link.ifname, network, address });
  }
  return nics.sort((a, b) => a.ifname.localeCompare(b.ifname, 'en', { numeric: true }));
}

async function inspectServer(config: LocalVmConfig, server: ServerRecord, nics: LiveNic[], volumes: VolumeSpec[]): Promise<ServerSpec> {
  const packages = await topLevelPackagesOf(config, server);
  const services = (await enabledServices(server)).filter((name): name is ServiceName => SERVICE_NAMES.some((known) => known === name));
  return {
    name: server.name,
    packages,
    networks: nics.map((nic) => ({ network: nic.network, fixedIp: nic.address })),
    volumes: volumes.map((volume) => volume.name),
    services,
  };
}

/** Every package installed in the VM's filesystem, with its version (dpkg's database inside the overlay). */
export async function installedPackages(server: ServerRecord): Promise<InstalledPackage[]> {
  return parseInstalled(await runInGuestRoot(server.rootMount, ['/usr/bin/dpkg-query', '-W', '-f', DPKG_QUERY_FORMAT]));
}

async function topLevelPackagesOf(config: LocalVmConfig, server: ServerRecord): Promise<string[]> {
  const image = await findBaseImage(config.imagesDir, server.imageId);
  if (!image) throw new LocalVmError(`base image ${server.imageId} of ${server.name} is no longer in ${config.imagesDir}`);
  const installed = await installedPackages(server);
  const auto = parseAutoInstalled((await readGuestFile(server.rootMount, '/var/lib/apt/extended_states')) ?? '');
  return topLevelPackages(installed, auto, image.bootstrapPackages, BASE_PACKAGES);
}

/** The server's volumes as mounted now: mount point below its root, matched to a volume by its upper directory. */
async function inspectVolumes(server: ServerRecord, records: readonly VolumeRecord[], mounts: readonly MountEntry[]): Promise<VolumeSpec[]> {
  const specs: VolumeSpec[] = [];
  for (const entry of mounts.filter((mount) => mount.mountPoint !== server.rootMount && isUnder(mount.mountPoint, server.rootMount))) {
    const volume = records.find((candidate) => mountedFrom(entry, candidate));
    if (!volume) continue;
    const info = await stat(entry.mountPoint);
    const owner = info.uid === 0 && info.gid === 0 ? undefined : await ownerName(server.rootMount, info.uid, info.gid);
    const mountPath = entry.mountPoint.slice(server.rootMount.length);
    specs.push({ name: volume.name, sizeBytes: volume.sizeBytes, mountPath, ...(owner ? { owner } : {}) });
  }
  return specs;
}

function mountedFrom(entry: MountEntry, volume: VolumeRecord): boolean {
  if (entry.fsType === 'overlay') return entry.superOptions.split(',').includes(`upperdir=${volume.upperDir}`);
  return entry.root !== '/' && volume.upperDir.endsWith(entry.root);
}

async function inspectRouters(record: EnvironmentRecord, topology: LiveTopology): Promise<Template['routers']> {
  const routers: Template['routers'] = [];
  for (const router of record.routers) {
    if (!(await forwardingEnabled(router.netns))) continue;
    const nics = await readNics(router.netns, topology);
    if (nics.length > 0) routers.push({ name: router.name, interfaces: nics.map((nic) => nic.network) });
  }
  return routers;
}

async function inspectLoadBalancers(record: EnvironmentRecord, nicsByServer: Map<string, LiveNic[]>): Promise<LoadBalancerSpec[]> {
  const specs: LoadBalancerSpec[] = [];
  for (const lb of record.servers.filter((server) => server.role === 'loadbalancer')) {
    const nic = nicsByServer.get(lb.name)?.[0];
    const text = await readGuestFile(lb.rootMount, '/etc/haproxy/haproxy.cfg');
    if (!nic || !text) throw new LocalVmError(`load balancer ${lb.name} has no interface or no haproxy configuration`);
    const config = parseHaproxyConfig(text);
    const members = config.members.map((member) => ({ server: ownerOf(member.address, nic.network, nicsByServer), port: member.port }));
    specs.push({ name: lb.name, network: nic.network, fixedIp: nic.address, listener: config.listener, algorithm: config.algorithm, members });
  }
  return specs;
}

function ownerOf(address: string, network: string, nicsByServer: Map<string, LiveNic[]>): string {
  for (const [server, nics] of nicsByServer) if (nics.some((nic) => nic.network === network && nic.address === address)) return server;
  throw new LocalVmError(`load balancer member ${address} is not a server of this environment on ${network}`);
}

export interface HaproxySettings {
  listener: LoadBalancerSpec['listener'];
  algorithm: LoadBalancerSpec['algorithm'];
  members: { address: string; port: number }[];
}

/** Reads back the parts of an haproxy.cfg that a PP::LoadBalancer describes. */
export function parseHaproxyConfig(text: string): HaproxySettings {
  const port = Number(/^\s*bind\s+\S*:(\d+)/m.exec(text)?.[1]);
  const mode = /^\s*mode\s+(\S+)/m.exec(text)?.[1] ?? 'tcp';
  const balance = /^\s*balance\s+(\S+)/m.exec(text)?.[1] ?? 'roundrobin';
  const members = [...text.matchAll(/^\s*server\s+\S+\s+([\d.]+):(\d+)/gm)].map((match) => ({ address: match[1], port: Number(match[2]) }));
  if (!port || (mode !== 'tcp' && mode !== 'http') || !['roundrobin', 'leastconn', 'source'].includes(balance)) {
    throw new LocalVmError(`haproxy configuration not understood (bind port ${port}, mode ${mode}, balance ${balance})`);
  }
  return { listener: { port, protocol: mode }, algorithm: balance as LoadBalancerSpec['algorithm'], members };
}
