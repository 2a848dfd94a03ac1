/** Which measurement: one test on one VM (and target, when the VM has several for it) of one run. */
export interface BaselineKey {
  runId: string;
  vmId: string;
  testId: string;
  target?: string;
}

/** Where performance baselines taken before the patch wait for the measurement after it (the test-runner's database). */
export interface BaselineStore {
  get(key: BaselineKey): Promise<number | undefined>;
  /** Replaces an earlier baseline of the same key: a repeated preparation measures again. */
  record(key: BaselineKey, value: number, unit: string): Promise<void>;
}

export class InMemoryBaselineStore implements BaselineStore {
  private readonly values = new Map<string, number>();

  async get(key: BaselineKey): Promise<number | undefined> {
    return this.values.get(idOf(key));
  }

  async record(key: BaselineKey, value: number): Promise<void> {
    this.values.set(idOf(key), value);
  }
}

function idOf(key: BaselineKey): string {
  return JSON.stringify([key.runId, key.vmId, key.testId, key.target ?? '']);
}
