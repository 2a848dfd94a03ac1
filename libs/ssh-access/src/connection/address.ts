import { VmAccessError, VmTarget } from '@patchproof/vm-access';

export interface HostPort {
  host: string;
  port?: number;
}

const BRACKETED = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/;
const HOST_WITH_PORT = /^([A-Za-z0-9.-]+):(\d{1,5})$/;
const PLAIN_HOST = /^([A-Za-z0-9.-]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)$/;

/**
 * A VM address as providers report it: `host`, `host:port`, `[v6]` or `[v6]:port` (a bare IPv6
 * address has no port). The port, when given, is where the VM's SSH server listens.
 */
export function parseAddress(address: string): HostPort {
  const trimmed = address.trim();
  const match = BRACKETED.exec(trimmed) ?? HOST_WITH_PORT.exec(trimmed);
  if (match) return withPort(match[1], match[2], address);
  if (PLAIN_HOST.test(trimmed) && trimmed !== '') return { host: trimmed };
  throw new VmAccessError(`"${address}" is not a VM address (host, host:port, [ipv6] or [ipv6]:port)`);
}

function withPort(host: string, port: string | undefined, address: string): HostPort {
  if (port === undefined) return { host };
  const number = Number(port);
  if (number < 1 || number > 65535) throw new VmAccessError(`"${address}": port must be 1-65535`);
  return { host, port: number };
}

/** The VM's address, or an error naming the VM and the provider that did not report one. */
export function addressOf(vm: VmTarget): HostPort {
  if (!vm.address) throw new VmAccessError(`VM ${vm.name} (${vm.vmId}) has no address: provider "${vm.provider}" must report one to reach it over the network`, vm.vmId);
  return parseAddress(vm.address);
}

/** A host as it goes into a URL (IPv6 in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
