import { Inject, Injectable, Logger } from '@nestjs/common';
import { Environment, environmentVms, isShippedTemplate, LocalVmDriver, NotFoundError, ReapReport, shippedTemplate } from '@patchproof/local-vm';
import { CredentialVault } from '@patchproof/ssh-access';
import { readFile, rm } from 'node:fs/promises';
import { LOCAL_VM } from '../drivers/drivers.module';
import { claimsOf } from '../drivers/local/replica-claims';
import { localReplicaSpec } from '../drivers/local/replica-spec';
import { LocalEnvironmentView, LocalVmView } from './dto/local-environment.dto';

export const LOCAL_VAULT = Symbol('LOCAL_VAULT');

export class LocalDriverDisabledError extends Error {}
export class EnvironmentExistsError extends Error {}

/** The vault reference under which a local environment's SSH login is stored. */
export function credentialsRefOf(environmentId: string): string {
  return `local-${environmentId}`;
}

/**
 * The tenants' actual environments on the local provider (in a real cloud they exist already; here
 * the provider creates them): created from a template, with the tenant's SSH login put in the vault.
 */
@Injectable()
export class LocalEnvironmentsService {
  private readonly logger = new Logger('LocalEnvironments');

  constructor(
    @Inject(LOCAL_VM) private readonly vms: LocalVmDriver | undefined,
    @Inject(LOCAL_VAULT) private readonly vault: CredentialVault | undefined,
  ) {}

  async create(id: string, template: string): Promise<LocalEnvironmentView> {
    const driver = this.driver();
    if (await driver.getEnvironment(id).then(() => true, () => false)) throw new EnvironmentExistsError(`environment ${id} already exists`);
    const text = isShippedTemplate(template) ? await shippedTemplate(template) : template;
    const started = Date.now();
    this.logger.log(`${id}: creating from ${isShippedTemplate(template) ? `template ${template}` : 'the given template'} (base images are built first when missing)`);
    const environment = await driver.createEnvironment(id, text);
    const credentialsRef = credentialsRefOf(id);
    await this.storeLogin(environment, credentialsRef).catch(async (error: unknown) => {
      // An environment nobody can log in to is of no use to the tenant: it goes.
      await driver.deleteEnvironment(id).catch(() => undefined);
      throw error;
    });
    this.logger.log(`${id}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s; SSH login stored under ${credentialsRef}`);
    return this.view(environment, environmentVms(environment));
  }

  private async storeLogin(environment: Environment, credentialsRef: string): Promise<void> {
    const privateKey = await readFile(environment.ssh.privateKeyPath, 'utf8');
    await this.requireVault().put(credentialsRef, { username: environment.ssh.user, privateKey });
    // From here the login lives only in the vault, encrypted; VMs and replicas need just the public key.
    await rm(environment.ssh.privateKeyPath, { force: true });
  }

  /** The environment with each VM's installed packages, read from the VM. */
  async get(id: string): Promise<LocalEnvironmentView> {
    const driver = this.driver();
    const environment = await this.tenantEnvironment(id);
    const vms = await Promise.all(environmentVms(environment).map(async (vm) => ({ ...vm, packages: await driver.installedPackages(id, vm.name) })));
    return this.view(environment, vms);
  }

  /** Deletes the environment with every replica of it. */
  async delete(id: string): Promise<void> {
    await this.tenantEnvironment(id);
    this.logger.log(`${id}: deleting (replicas first)`);
    await this.driver().deleteEnvironment(id);
    await claimsOf(this.driver()).dropEnvironment(id);
    this.logger.log(`${id}: deleted`);
  }

  async reap(): Promise<ReapReport> {
    return this.driver().reap();
  }

  private async tenantEnvironment(id: string): Promise<Environment> {
    const environment = await this.driver().getEnvironment(id);
    if (environment.kind !== 'tenant') throw new NotFoundError(`${id} is a replica, not a tenant environment`);
    return environment;
  }

  private view(environment: Environment, vms: LocalVmView[]): LocalEnvironmentView {
    const { loadBalancers } = localReplicaSpec(environment, false);
    return { id: environment.id, credentialsRef: credentialsRefOf(environment.id), vms, ...(loadBalancers ? { loadBalancers } : {}) };
  }

  private driver(): LocalVmDriver {
    if (!this.vms) throw new LocalDriverDisabledError('the local driver is not enabled (REPLICATOR_DRIVERS)');
    return this.vms;
  }

  private requireVault(): CredentialVault {
    if (!this.vault) throw new LocalDriverDisabledError('no credential vault: the local driver is not enabled (REPLICATOR_DRIVERS)');
    return this.vault;
  }
}
