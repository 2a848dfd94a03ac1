import { BaseImage } from './base-image';
import { LocalVmConfig, LocalVmOptions, resolveConfig } from './config';
import { createEnvironment, ensureImagesFor } from './environment';
import type { RunResult } from './exec';
import { NotFoundError } from './errors';
import { extractTemplate, installedPackages } from './extract';
import type { InstalledPackage } from './packages';
import { ReapReport, reap } from './reaper';
import { ReleaseOutcome, ReplicaResult, deleteEnvironment, deleteReplica, releaseReplica, replicate } from './replica';
import { Environment, EnvironmentRecord, RetentionMode, ServerRecord, listRecords, readRecord } from './state';
import { assertLocalDriverSupported } from './support';
import { Template, parseTemplate } from './template';
import { ExecOptions, execInServer } from './vm';

/**
 * The `local` driver: tenant environments and their replicas as Linux network namespaces with
 * overlayfs roots on this host. State lives on disk, so a fresh process can find (and clean) all of it.
 */
export class LocalVmDriver {
  readonly config: LocalVmConfig;

  constructor(options: LocalVmOptions = {}) {
    this.config = resolveConfig(options);
  }

  /** Checks the host, then reaps what a previous crash left (the start-up path). */
  static async open(options: LocalVmOptions = {}): Promise<LocalVmDriver> {
    const driver = new LocalVmDriver(options);
    await assertLocalDriverSupported();
    await driver.reap();
    return driver;
  }

  /** Creates tenant environment `name` from a template (YAML text or a parsed Template). */
  async createEnvironment(name: string, template: Template | string): Promise<Environment> {
    return createEnvironment(this.config, name, template);
  }

  async getEnvironment(id: string): Promise<Environment> {
    return readRecord(this.config.stateDir, id);
  }

  async listEnvironments(): Promise<Environment[]> {
    return listRecords(this.config.stateDir);
  }

  /** The template of what is running now (inspected, not the file it was created from). */
  async extractTemplate(environment: string | Environment): Promise<Template> {
    const id = typeof environment === 'string' ? environment : environment.id;
    return extractTemplate(this.config, await readRecord(this.config.stateDir, id));
  }

  async replicate(environmentId: string, replicaId: string, mode: RetentionMode): Promise<ReplicaResult> {
    return replicate(this.config, environmentId, replicaId, mode);
  }

  /** End of a verification run: delete, keep, or keep only the volumes, as the replica's mode says. */
  async releaseReplica(replicaId: string): Promise<ReleaseOutcome> {
    return releaseReplica(this.config, replicaId);
  }

  async deleteReplica(replicaId: string): Promise<void> {
    return deleteReplica(this.config, replicaId);
  }

  /** Deletes an environment and, for a tenant, its replicas first. */
  async deleteEnvironment(environmentId: string): Promise<void> {
    return deleteEnvironment(this.config, environmentId);
  }

  /** Runs argv inside a running VM (as root, in all its namespaces). */
  async exec(environmentId: string, serverName: string, argv: readonly string[], options: ExecOptions = {}): Promise<RunResult> {
    return execInServer(await this.server(environmentId, serverName), argv, options);
  }

  /** Every package installed in a VM, with versions. */
  async installedPackages(environmentId: string, serverName: string): Promise<InstalledPackage[]> {
    return installedPackages(await this.server(environmentId, serverName));
  }

  /** Builds (or reuses) the base images a template needs. */
  async ensureImages(template: Template | string): Promise<BaseImage[]> {
    const parsed = typeof template === 'string' ? parseTemplate(template) : template;
    const images = await ensureImagesFor(this.config, parsed);
    return [...new Map([...images.values()].map((image) => [image.id, image])).values()];
  }

  async reap(): Promise<ReapReport> {
    return reap(this.config);
  }

  private async server(environmentId: string, serverName: string): Promise<ServerRecord> {
    const record: EnvironmentRecord = await readRecord(this.config.stateDir, environmentId);
    const server = record.servers.find((candidate) => candidate.name === serverName);
    if (!server) throw new NotFoundError(`no server '${serverName}' in ${environmentId}`);
    return server;
  }
}

/** How the verifier reaches one VM of an environment: on its first network, as root with the tenant's key. */
export interface EnvironmentVm {
  /** Unique per VM incarnation (host keys are pinned by it): `<environment>.<server>.<netns id>`. */
  vmId: string;
  name: string;
  role: ServerRecord['role'];
  address: string;
}

/** Every VM (servers and load balancers) of an environment or replica. */
export function environmentVms(environment: Environment): EnvironmentVm[] {
  return environment.servers.map((server) => ({
    vmId: `${environment.id}.${server.name}.${server.netns.slice(server.netns.lastIndexOf('-') + 1)}`,
    name: server.name,
    role: server.role,
    address: serverAddress(environment, server.name),
  }));
}

/** The address of a server on a network (its first network when none is named). */
export function serverAddress(environment: Environment, serverName: string, network?: string): string {
  const server = environment.servers.find((candidate) => candidate.name === serverName);
  const nic = server?.nics.find((candidate) => network === undefined || candidate.network === network);
  if (!nic) throw new NotFoundError(`no address for ${serverName}${network ? ` on ${network}` : ''} in ${environment.id}`);
  return nic.address;
}
