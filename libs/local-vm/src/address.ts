import { AddressPoolExhaustedError, LocalVmError } from './errors';

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  network: number;
  prefixLength: number;
}

/** Host offsets inside every subnet: the router is .1, VMs start at .10, the host takes the last usable address. */
export const ROUTER_OFFSET = 1;
export const FIRST_SERVER_OFFSET = 10;

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function parseIpv4(text: string): number {
  if (!IPV4_RE.test(text)) throw new LocalVmError(`invalid IPv4 address '${text}'`);
  return text.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function parseCidr(text: string): Cidr {
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  const prefixLength = match ? Number(match[2]) : NaN;
  if (!match || prefixLength > 32) throw new LocalVmError(`invalid CIDR '${text}'`);
  const network = parseIpv4(match[1]);
  if (network % subnetSize(prefixLength) !== 0) throw new LocalVmError(`CIDR '${text}' has host bits set`);
  return { network, prefixLength };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
}

export function subnetSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

export function containsAddress(cidr: Cidr, address: number): boolean {
  return address >= cidr.network && address < cidr.network + subnetSize(cidr.prefixLength);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return containsAddress(a, b.network) || containsAddress(b, a.network);
}

/** The last address before broadcast: the host's own address on a network's bridge. */
export function hostOffset(cidr: Cidr): number {
  return subnetSize(cidr.prefixLength) - 2;
}

export function addressAt(cidr: Cidr, offset: number): string {
  if (offset < 1 || offset > hostOffset(cidr)) throw new LocalVmError(`offset ${offset} outside ${formatCidr(cidr)}`);
  return formatIpv4(cidr.network + offset);
}

export function offsetOf(cidr: Cidr, address: string): number {
  const value = parseIpv4(address);
  if (!containsAddress(cidr, value)) throw new LocalVmError(`${address} is not in ${formatCidr(cidr)}`);
  return value - cidr.network;
}

export function isReservedOffset(cidr: Cidr, offset: number): boolean {
  return offset <= ROUTER_OFFSET || offset >= hostOffset(cidr);
}

/** Picks `count` subnets of `/prefixLength` from `pool` that overlap none of `taken`, lowest first. */
export function allocateSubnets(pool: Cidr, prefixLength: number, taken: readonly Cidr[], count: number): Cidr[] {
  const chosen: Cidr[] = [];
  const step = subnetSize(prefixLength);
  const end = pool.network + subnetSize(pool.prefixLength);
  for (let network = pool.network; network < end && chosen.length < count; network += step) {
    const candidate = { network, prefixLength };
    if (![...taken, ...chosen].some((used) => overlaps(used, candidate))) chosen.push(candidate);
  }
  if (chosen.length < count) {
    throw new AddressPoolExhaustedError(`address pool ${formatCidr(pool)} has no ${count} free /${prefixLength} subnets left (LOCAL_VM_ADDRESS_POOL; delete environments or widen it)`);
  }
  return chosen;
}

/** Assigns VM offsets in order, skipping reserved and already used ones. */
export class OffsetAllocator {
  private readonly used = new Set<number>();
  private next = FIRST_SERVER_OFFSET;

  constructor(private readonly cidr: Cidr) {}

  reserve(offset: number): void {
    this.used.add(offset);
  }

  take(): number {
    while (this.used.has(this.next) || isReservedOffset(this.cidr, this.next)) {
      if (this.next >= hostOffset(this.cidr)) throw new LocalVmError(`subnet ${formatCidr(this.cidr)} is full`);
      this.next += 1;
    }
    this.used.add(this.next);
    return this.next;
  }
}
