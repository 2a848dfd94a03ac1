import { BASE_PACKAGES, BuiltDeb, checkLocalDriverSupport, ensureHostPackages, LocalVmDriver, shippedTemplate, ShippedTemplateName } from '@patchproof/local-vm';
import { InMemoryHostKeyStore, SshPool, SshTarget } from '@patchproof/ssh';
import { FileCredentialVault } from '@patchproof/ssh-access';
import { readFile } from 'node:fs/promises';
import { PlatformApi } from './platform-api';
import { repoRoot, secretKey } from './platform-env';

/** Where one platform instance keeps its local-provider state (one state directory per prefix). */
export interface LocalSite {
  stateDir: string;
  prefix: string;
  addressPool: string;
  imagesDir: string;
  vaultDir: string;
  artifactDir: string;
}

/** The settings every service reads to use the `local` provider (replicator driver and SSH access). */
export function localServiceEnv(site: LocalSite): NodeJS.ProcessEnv {
  return {
    REPLICATOR_DRIVERS: 'fake,local',
    VM_ACCESS_PROVIDERS: 'fake,local',
    LOCAL_VM_STATE_DIR: site.stateDir,
    LOCAL_VM_PREFIX: site.prefix,
    LOCAL_VM_ADDRESS_POOL: site.addressPool,
    LOCAL_VM_IMAGES_DIR: site.imagesDir,
    PATCHPROOF_VAULT_DIR: site.vaultDir,
    PATCHPROOF_ARTIFACT_DIR: site.artifactDir,
  };
}

/** Why the local provider cannot run here, or undefined when it can. */
export function localUnsupportedReason(): string | undefined {
  const support = checkLocalDriverSupport();
  return support.ok ? undefined : support.reason;
}

/** Host tools and the base images of the templates (cached; built only when missing). Returns seconds spent. */
export async function prepareImages(site: LocalSite, templates: readonly ShippedTemplateName[], progress: (line: string) => void): Promise<number> {
  const started = Date.now();
  await ensureHostPackages(progress);
  const images = new LocalVmDriver({ imagesDir: site.imagesDir, onProgress: progress });
  for (const name of templates) {
    const built = await images.ensureImages(await shippedTemplate(name));
    progress(`${name}: ${built.length} base image(s) ready (${built.map((image) => image.packages.filter((pkg) => !BASE_PACKAGES.includes(pkg)).join('+') || 'base').join(', ')})`);
  }
  return (Date.now() - started) / 1000;
}

export interface ActualVm {
  vmId: string;
  name: string;
  address: string;
  packages?: Array<{ name: string; version: string }>;
}

export interface TenantDeb {
  deb: BuiltDeb;
  /** Which VMs get it (by server name). */
  on: (vmName: string) => boolean;
}

/** Installs .deb files on a tenant's actual VMs as the tenant would: over SSH with the login the platform stored for it. */
export async function installAsTenant(site: LocalSite, credentialsRef: string, vms: readonly ActualVm[], debs: readonly TenantDeb[]): Promise<void> {
  // The key the platform started here encrypts the vault with (.patchproof/secret-key or PATCHPROOF_SECRET_KEY).
  const vault = FileCredentialVault.fromEnvironment(site.vaultDir, { PATCHPROOF_SECRET_KEY: secretKey(repoRoot()) });
  const credentials = await vault.get(credentialsRef);
  if (!credentials.privateKey) throw new Error(`${credentialsRef}: no private key stored`);
  const pool = new SshPool({ hostKeys: new InMemoryHostKeyStore() });
  try {
    for (const vm of vms) {
      const target: SshTarget = { vmId: vm.vmId, host: vm.address, credentials: { username: credentials.username, privateKey: credentials.privateKey } };
      for (const { deb } of debs.filter((candidate) => candidate.on(vm.name))) await installDeb(pool, target, deb);
    }
  } finally {
    await pool.closeAll();
  }
}

async function installDeb(pool: SshPool, target: SshTarget, deb: BuiltDeb): Promise<void> {
  const remote = `/var/tmp/${deb.fileName}`;
  await pool.upload(target, await readFile(deb.path), remote, { mode: 0o600, timeoutMs: 60_000 });
  const result = await pool.exec(target, ['dpkg', '-i', remote], { timeoutMs: 120_000 });
  await pool.exec(target, ['rm', '-f', remote], { timeoutMs: 30_000 });
  if (result.exitCode !== 0) throw new Error(`dpkg -i ${deb.fileName} on ${target.vmId} failed (${result.exitCode}): ${result.stderr.trim().slice(-500)}`);
}

/** The installed version of a package on a VM, as GET /local/environments/:id reports it. */
export function versionOn(vm: ActualVm | undefined, pkg: string): string {
  return vm?.packages?.find((entry) => entry.name === pkg)?.version ?? '(not installed)';
}

export interface ActualEnvironment {
  id: string;
  credentialsRef: string;
  vms: ActualVm[];
}

export interface LocalTenant {
  id: string;
  environmentId: string;
  /** A shipped template's name or HOT YAML text. */
  template: string;
  autoApply: boolean;
  retention: 'delete' | 'retain' | 'volumes';
  /** Debian:12 packages whose patches the tenant wants verified. */
  subscribe: string[];
}

/** The tenant's actual environment (replacing one a previous run left), the tenant and its subscription. */
export async function createLocalTenant(api: PlatformApi, tenant: LocalTenant): Promise<ActualEnvironment> {
  await api.optional('replicator', 'DELETE', `/local/environments/${tenant.environmentId}`);
  const environment = await api.call<ActualEnvironment>('replicator', 'POST', '/local/environments', { id: tenant.environmentId, template: tenant.template });
  await api.optional('patch-intake', 'DELETE', `/tenants/${tenant.id}`);
  await api.call('patch-intake', 'POST', '/tenants', {
    id: tenant.id, name: tenant.id, provider: 'local', environmentRef: environment.id, credentialsRef: environment.credentialsRef,
    policy: { minSeverity: 'low', autoApply: tenant.autoApply, replicaRetention: tenant.retention },
  });
  await api.call('patch-intake', 'POST', `/tenants/${tenant.id}/subscriptions`, { ecosystem: 'Debian:12', packages: tenant.subscribe });
  return environment;
}

export interface LocalPatch {
  id: string;
  title: string;
  /** The package and version the .deb brings. */
  fixes: { name: string; fixedVersion: string };
  deb: BuiltDeb;
}

/** Publishes the patch with its .deb declared (sha256), then uploads the file to patch-intake. */
export async function publishLocalPatch(api: PlatformApi, patch: LocalPatch): Promise<number> {
  const published = await api.call<{ runsCreated: number }>('patch-intake', 'POST', '/patches', {
    id: patch.id, title: patch.title, severity: 'high', source: 'native', advisoryIds: [], publishedAt: new Date().toISOString(),
    packages: [{ ecosystem: 'Debian:12', ...patch.fixes }],
    artifacts: [{ fileName: patch.deb.fileName, format: 'deb', sha256: patch.deb.sha256 }],
  });
  await api.call('patch-intake', 'PUT', `/patches/${encodeURIComponent(patch.id)}/artifacts/${encodeURIComponent(patch.deb.fileName)}`, await readFile(patch.deb.path));
  return published.runsCreated;
}
