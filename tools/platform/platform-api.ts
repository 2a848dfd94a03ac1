import { ApiError } from '../cli/api-client';
import { progressLine, RunRow, RunSummary } from '../cli/run-progress';

/** Any service's API with the operator key: JSON bodies, or raw bytes for uploads. */
export class PlatformApi {
  constructor(private readonly urlOf: (service: string) => string, private readonly apiKey: string) {}

  async call<T>(service: string, method: string, path: string, body?: unknown): Promise<T> {
    const raw = Buffer.isBuffer(body);
    const response = await fetch(new URL(path, this.urlOf(service)), {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': raw ? 'application/octet-stream' : 'application/json' }),
      },
      body: raw ? new Uint8Array(body) : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed as T;
  }

  /** Like `call`, but a 404 is an answer (undefined), not an error. */
  async optional<T>(service: string, method: string, path: string): Promise<T | undefined> {
    try {
      return await this.call<T>(service, method, path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }
}

export interface WaitOptions {
  expected: number;
  /** Tenants whose passed runs are rolled out: wait for the rollout too. */
  autoApply: ReadonlySet<string>;
  timeoutMs: number;
  onProgress?: (line: string) => void;
}

function settled(run: RunRow, autoApply: ReadonlySet<string>): boolean {
  if (!run.verdict || !run.releaseAction) return false;
  return run.verdict !== 'passed' || !autoApply.has(run.tenant.id) || Boolean(run.rollout);
}

/** Polls the reporter until every run of the patch has a verdict, a released replica and (if agreed) a rollout. */
export async function waitForRuns(api: PlatformApi, patchId: string, options: WaitOptions): Promise<RunRow[]> {
  const deadline = Date.now() + options.timeoutMs;
  const query = `patchId=${encodeURIComponent(patchId)}`;
  let last = '';
  for (;;) {
    const runs = await api.call<RunRow[]>('reporter', 'GET', `/runs?${query}&limit=500`);
    const line = progressLine(await api.call<RunSummary>('reporter', 'GET', `/runs/summary?${query}`));
    if (line !== last) options.onProgress?.(line);
    last = line;
    if (runs.length === options.expected && runs.every((run) => settled(run, options.autoApply))) return runs;
    if (Date.now() > deadline) throw new Error(`runs of ${patchId} not settled after ${options.timeoutMs / 1000} s: ${line}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
