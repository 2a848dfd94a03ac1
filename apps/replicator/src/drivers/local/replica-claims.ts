import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalVmDriver } from '@patchproof/local-vm';

export interface ReplicaClaim {
  replicaId: string;
  runId: string;
  environmentId: string;
  claimedAt: string;
}

/**
 * Which run uses which replica, one file per replica (`<dir>/<replicaId>.json`), created exclusively:
 * two runs can never claim the same retained replica, and a run repeated after a crash finds the
 * replica it claimed. Kept beside the local driver's state, as a cloud keeps its own bookkeeping.
 */
export class ReplicaClaims {
  constructor(readonly dir: string) {}

  /** True when the replica is now (or already was) claimed by this run. */
  async claim(replicaId: string, runId: string, environmentId: string, retry = true): Promise<boolean> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const claim: ReplicaClaim = { replicaId, runId, environmentId, claimedAt: new Date().toISOString() };
    try {
      await writeFile(this.fileOf(replicaId), JSON.stringify(claim), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await this.read(replicaId);
    if (holder || !retry) return holder?.runId === runId;
    // A claim cut short by a crash while it was written holds nothing: replace it.
    await rm(this.fileOf(replicaId), { force: true });
    return this.claim(replicaId, runId, environmentId, false);
  }

  async ofRun(runId: string): Promise<ReplicaClaim | undefined> {
    for (const claim of await this.all()) if (claim.runId === runId) return claim;
    return undefined;
  }

  async isClaimed(replicaId: string): Promise<boolean> {
    return (await this.read(replicaId)) !== undefined;
  }

  /** Frees the replica for the next run; only the run that holds the claim can. */
  async release(replicaId: string, runId: string): Promise<void> {
    if ((await this.read(replicaId))?.runId === runId) await rm(this.fileOf(replicaId), { force: true });
  }

  /** Forgets every claim on replicas of an environment (when it is deleted with its replicas). */
  async dropEnvironment(environmentId: string): Promise<void> {
    for (const claim of await this.all()) if (claim.environmentId === environmentId) await rm(this.fileOf(claim.replicaId), { force: true });
  }

  private async all(): Promise<ReplicaClaim[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const claims = await Promise.all(names.filter((name) => name.endsWith('.json')).map((name) => this.read(name.slice(0, -'.json'.length))));
    return claims.filter((claim): claim is ReplicaClaim => claim !== undefined);
  }

  private async read(replicaId: string): Promise<ReplicaClaim | undefined> {
    const text = await readFile(this.fileOf(replicaId), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as ReplicaClaim;
    } catch {
      return undefined;
    }
  }

  private fileOf(replicaId: string): string {
    return join(this.dir, `${replicaId}.json`);
  }
}

/** The claims of a local driver's state directory. */
export function claimsOf(vms: LocalVmDriver): ReplicaClaims {
  return new ReplicaClaims(join(vms.config.stateDir, 'claims'));
}
