import { run, tryRun } from './exec';
import { Cidr, parseCidr } from './address';

export interface IpLink {
  ifindex: number;
  ifname: string;
  master?: string;
  /** For a veth: the peer's ifindex (in the peer's namespace). */
  link_index?: number;
}

interface IpAddress {
  ifname: string;
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

function parseJsonArray<T>(text: string): T[] {
  const value: unknown = text.trim() ? JSON.parse(text) : [];
  return Array.isArray(value) ? (value as T[]) : [];
}

export async function listNetns(): Promise<string[]> {
  const { stdout } = await run('ip', ['-j', 'netns', 'list']);
  return parseJsonArray<{ name: string }>(stdout).map((entry) => entry.name);
}

export async function netnsExists(name: string): Promise<boolean> {
  return (await listNetns()).includes(name);
}

export async function createNetns(name: string): Promise<void> {
  await run('ip', ['netns', 'add', name]);
  await run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
}

/** Deleting a namespace also destroys the veths inside it and their peers on the host. */
export async function deleteNetns(name: string): Promise<void> {
  if (await netnsExists(name)) await run('ip', ['netns', 'del', name]);
}

/** Host pids of every process whose network namespace is `name`. */
export async function netnsPids(name: string): Promise<number[]> {
  const result = await tryRun('ip', ['netns', 'pids', name]);
  return (result?.stdout ?? '').split(/\s+/).filter(Boolean).map(Number);
}

export async function listLinks(netns?: string): Promise<IpLink[]> {
  const { stdout } = await run('ip', [...(netns ? ['-n', netns] : []), '-j', 'link', 'show']);
  return parseJsonArray<IpLink>(stdout);
}

export async function linkExists(name: string): Promise<boolean> {
  return (await listLinks()).some((link) => link.ifname === name);
}

export async function deleteLink(name: string): Promise<void> {
  if (await linkExists(name)) await run('ip', ['link', 'del', name]);
}

export async function createBridge(name: string, hostAddress: string, prefixLength: number): Promise<void> {
  await run('ip', ['link', 'add', name, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${hostAddress}/${prefixLength}`, 'dev', name]);
  await run('ip', ['link', 'set', name, 'up']);
}

/** A veth pair: `hostVeth` on `bridge`, its peer `ifname` inside `netns` with `address`. */
export async function attachToBridge(options: {
  hostVeth: string;
  bridge: string;
  netns: string;
  ifname: string;
  address: string;
  prefixLength: number;
}): Promise<void> {
  const { hostVeth, bridge, netns, ifname, address, prefixLength } = options;
  await run('ip', ['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', ifname, 'netns', netns]);
  await run('ip', ['link', 'set', hostVeth, 'master', bridge, 'up']);
  await run('ip', ['-n', netns, 'addr', 'add', `${address}/${prefixLength}`, 'dev', ifname]);
  await run('ip', ['-n', netns, 'link', 'set', ifname, 'up']);
}

export async function addDefaultRoute(netns: string, gateway: string): Promise<void> {
  await run('ip', ['-n', netns, 'route', 'replace', 'default', 'via', gateway]);
}

/** Forwarding is switched on inside the router's namespace only, never on the host. */
export async function enableForwarding(netns: string): Promise<void> {
  await run('ip', ['netns', 'exec', netns, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
}

export async function forwardingEnabled(netns: string): Promise<boolean> {
  const result = await tryRun('ip', ['netns', 'exec', netns, 'sysctl', '-n', 'net.ipv4.ip_forward']);
  return result?.stdout.trim() === '1';
}

/** IPv4 addresses per interface (of the host, or inside `netns`). */
export async function listAddresses(netns?: string): Promise<{ ifname: string; address: string; prefixLength: number }[]> {
  const { stdout } = await run('ip', [...(netns ? ['-n', netns] : []), '-j', '-4', 'addr', 'show']);
  return parseJsonArray<IpAddress>(stdout).flatMap((link) =>
    (link.addr_info ?? [])
      .filter((info) => info.family === 'inet')
      .map((info) => ({ ifname: link.ifname, address: info.local, prefixLength: info.prefixlen })),
  );
}

/** Subnets the host already routes; a new network must not overlap any of them. */
export async function hostRouteCidrs(): Promise<Cidr[]> {
  const { stdout } = await run('ip', ['-j', '-4', 'route', 'show', 'table', 'all']);
  const cidrs: Cidr[] = [];
  for (const route of parseJsonArray<{ dst?: string }>(stdout)) {
    if (!route.dst || route.dst === 'default') continue;
    const dst = route.dst.includes('/') ? route.dst : `${route.dst}/32`;
    try {
      cidrs.push(parseCidr(dst));
    } catch {
      // Local/broadcast routes of other tables can have host bits set; they are covered by their subnet.
    }
  }
  return cidrs;
}
