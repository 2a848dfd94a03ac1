/** A running process as the scan on the VM saw it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** systemd: the `.service` unit whose cgroup holds the process. */
  unit?: string;
  /** /proc/<pid>/exe, possibly ending in " (deleted)" once the package replaced it. */
  exe: string;
  /** Files mapped into the process (/proc/<pid>/maps), same notation. */
  maps: readonly string[];
}

export type ServiceManagerKind = 'pp-service' | 'systemd' | 'none';

export interface RestartInputs {
  /** Every file (dpkg -L) of each package whose version changed. */
  changedFiles: ReadonlyMap<string, readonly string[]>;
  processes: readonly ProcessInfo[];
  manager: ServiceManagerKind;
  /** pp-service: the main pid of each running service (from its pid file). */
  serviceMainPids: ReadonlyMap<number, string>;
  /** The package owning each process executable (by normalized path). */
  exeOwners: ReadonlyMap<string, string>;
  /** Source package of each binary package involved. */
  sources: ReadonlyMap<string, string>;
  /** The scan's own shell: it and its children are not services. */
  self?: number;
}

export interface ServiceRestart {
  name: string;
  because: string;
}

export interface RestartDecision {
  /** Set when a kernel or the C library changed: everything must start again. */
  reboot?: { because: string[] };
  services: ServiceRestart[];
  /** Processes that use changed files but belong to no service the VM's manager can restart. */
  unmanaged: Array<{ pid: number; exe: string; because: string }>;
}

/** A kernel runs until the next boot; the C library is mapped into nearly every process. */
export const REBOOT_PACKAGES = /^(linux-image-.+|libc6)$/;

const DELETED = / \(deleted\)$/;
const USR_MERGED = /^\/(bin|sbin|lib|lib32|lib64|libx32)\//;

/**
 * One spelling per file: the kernel marks replaced files " (deleted)", and on merged-/usr systems
 * dpkg lists `/lib/…` what processes map as `/usr/lib/…`.
 */
export function normalizePath(path: string): string {
  const plain = path.replace(DELETED, '');
  return USR_MERGED.test(plain) ? `/usr${plain}` : plain;
}

/** Paths under /etc that are files, not directories: those no other listed path lies beneath. */
export function configFiles(files: readonly string[]): string[] {
  const directories = new Set<string>();
  for (const file of files) {
    for (let cut = file.lastIndexOf('/'); cut > 0; cut = file.lastIndexOf('/', cut - 1)) directories.add(file.slice(0, cut));
  }
  return files.filter((file) => file.startsWith('/etc/') && !directories.has(file));
}

function changedFileIndex(changedFiles: RestartInputs['changedFiles']): Map<string, string> {
  const index = new Map<string, string>();
  for (const [pkg, files] of changedFiles) for (const file of files) index.set(normalizePath(file), pkg);
  return index;
}

/** Why this process must restart, or undefined when nothing it runs, maps or is configured by changed. */
function reasonFor(process: ProcessInfo, inputs: RestartInputs, changed: Map<string, string>, configs: Map<string, string>): string | undefined {
  const exe = normalizePath(process.exe);
  const exePackage = changed.get(exe);
  if (exePackage) return `executable ${exe} (${exePackage})`;
  const mapped = process.maps.map(normalizePath).find((path) => changed.has(path));
  if (mapped) return `maps ${mapped} (${changed.get(mapped)})`;
  const owner = inputs.exeOwners.get(exe);
  if (!owner) return undefined;
  for (const [pkg, file] of configs) {
    const sameSource = inputs.sources.get(pkg) !== undefined && inputs.sources.get(pkg) === inputs.sources.get(owner);
    if (pkg === owner || sameSource) return `configuration ${file} (${pkg}, same source as ${owner} which provides ${exe})`;
  }
  return undefined;
}

function ancestry(pid: number, parents: Map<number, number>): number[] {
  const chain: number[] = [];
  for (let current: number | undefined = pid; current !== undefined && current > 0 && chain.length < 256; current = parents.get(current)) {
    if (chain.includes(current)) break;
    chain.push(current);
  }
  return chain;
}

function serviceOf(process: ProcessInfo, inputs: RestartInputs, parents: Map<number, number>): string | undefined {
  if (inputs.manager === 'systemd') return process.unit?.replace(/\.service$/, '') || undefined;
  if (inputs.manager !== 'pp-service') return undefined;
  const owner = ancestry(process.pid, parents).find((pid) => inputs.serviceMainPids.has(pid));
  return owner === undefined ? undefined : inputs.serviceMainPids.get(owner);
}

function rebootReason(changedFiles: RestartInputs['changedFiles']): RestartDecision['reboot'] {
  const because = [...changedFiles.keys()].filter((pkg) => REBOOT_PACKAGES.test(pkg)).sort();
  return because.length > 0 ? { because } : undefined;
}

/**
 * Restart only what the change requires: a kernel or C library change means a reboot; otherwise each
 * running service one of whose processes runs a changed executable, maps a changed library, or whose
 * executable's package shares a source package with a changed package that owns files under /etc.
 */
export function decideRestarts(inputs: RestartInputs): RestartDecision {
  const reboot = rebootReason(inputs.changedFiles);
  if (reboot) return { reboot, services: [], unmanaged: [] };
  const changed = changedFileIndex(inputs.changedFiles);
  const configs = new Map<string, string>();
  for (const [pkg, files] of inputs.changedFiles) {
    const [first] = configFiles(files);
    if (first) configs.set(pkg, first);
  }
  const parents = new Map(inputs.processes.map((process) => [process.pid, process.ppid]));
  const services = new Map<string, string>();
  const unmanaged: RestartDecision['unmanaged'] = [];
  for (const process of inputs.processes) {
    if (inputs.self !== undefined && ancestry(process.pid, parents).includes(inputs.self)) continue;
    const service = serviceOf(process, inputs, parents);
    if (service && services.has(service)) continue;
    const because = reasonFor(process, inputs, changed, configs);
    if (!because) continue;
    if (service) services.set(service, `pid ${process.pid}: ${because}`);
    else unmanaged.push({ pid: process.pid, exe: process.exe, because });
  }
  return { services: [...services].map(([name, because]) => ({ name, because })).sort((a, b) => a.name.localeCompare(b.name)), unmanaged };
}
