import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from './infrastructure';
import { SERVICES, ServiceDefinition } from './services';

export interface SupervisorOptions {
  /** Repository root; services run from `<root>/dist`. */
  root: string;
  env: NodeJS.ProcessEnv;
  /** Per-service environment additions. */
  serviceEnv?: Record<string, NodeJS.ProcessEnv>;
  /** Ports by service name, when not the defaults (so several platforms can run side by side). */
  ports?: Record<string, number>;
  /** Service logs go to `<logDir>/<service>.log` when set, else to this process's stdout with a prefix. */
  logDir?: string;
  /** Options for each service's node process, e.g. `--cpu-prof` (NODE_OPTIONS does not take it). */
  nodeArgs?: string[];
}

export interface RunningService {
  definition: ServiceDefinition;
  port: number;
  url: string;
  child?: ChildProcess;
  log?: WriteStream;
}

/** Runs the seven services as separate processes; stops them on request, kills and restarts one. */
export class Supervisor {
  readonly services = new Map<string, RunningService>();
  private stopping = false;
  private crashPolicy?: (name: string, code: string) => void;
  private readonly crashes = new Map<string, number[]>();

  constructor(private readonly options: SupervisorOptions) {
    SERVICES.forEach((definition) => {
      const port = options.ports?.[definition.name] ?? definition.port;
      this.services.set(definition.name, { definition, port, url: `http://127.0.0.1:${port}` });
    });
    if (options.logDir) mkdirSync(options.logDir, { recursive: true });
  }

  url(name: string): string {
    return this.get(name).url;
  }

  async startAll(): Promise<void> {
    for (const name of this.services.keys()) this.spawn(name);
    await Promise.all([...this.services.keys()].map((name) => this.waitHealthy(name)));
  }

  async restart(name: string): Promise<void> {
    this.spawn(name);
    await this.waitHealthy(name);
  }

  /** SIGKILL: the crash case, no shutdown hooks run. */
  async kill(name: string): Promise<void> {
    const service = this.get(name);
    if (service.child) await stopChild(service.child, 'SIGKILL');
  }

  /**
   * Restarts a service that exits while the platform runs (not during stopAll); gives up — and calls
   * `onGiveUp` — when one crashes `maxRestarts` times within `windowMs`.
   */
  keepRunning(options: { log: (line: string) => void; onGiveUp: (name: string) => void; maxRestarts?: number; windowMs?: number }): void {
    const { log, onGiveUp, maxRestarts = 5, windowMs = 60_000 } = options;
    this.crashPolicy = (name, code) => {
      const now = Date.now();
      const recent = (this.crashes.get(name) ?? []).filter((at) => now - at < windowMs);
      recent.push(now);
      this.crashes.set(name, recent);
      if (recent.length > maxRestarts) {
        log(`${name} exited (${code}) ${recent.length} times within ${windowMs / 1000} s: giving up`);
        onGiveUp(name);
        return;
      }
      log(`${name} exited unexpectedly (${code}); restarting it`);
      void this.restart(name).catch((error: Error) => log(`${name} did not come back: ${error.message}`));
    };
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.services.values()].map(async (service) => {
      if (service.child) await stopChild(service.child, 'SIGTERM');
      service.log?.end();
    }));
  }

  exitCodes(): Record<string, number | null> {
    return Object.fromEntries([...this.services.entries()].map(([name, service]) => [name, service.child?.exitCode ?? null]));
  }

  private get(name: string): RunningService {
    const service = this.services.get(name);
    if (!service) throw new Error(`unknown service ${name}`);
    return service;
  }

  private spawn(name: string): void {
    const service = this.get(name);
    const env = { ...this.options.env, ...this.options.serviceEnv?.[name], PORT: String(service.port) };
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), join(this.options.root, service.definition.main)], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: this.options.root });
    service.child = child;
    child.once('exit', (code, signal) => {
      if (!this.stopping && service.child === child) this.crashPolicy?.(name, signal ?? String(code));
    });
    if (this.options.logDir) {
      service.log ??= createWriteStream(join(this.options.logDir, `${name}.log`), { flags: 'a' });
      child.stdout?.pipe(service.log, { end: false });
      child.stderr?.pipe(service.log, { end: false });
    } else {
      const prefix = `[${name}] `;
      const forward = (chunk: Buffer) => process.stdout.write(chunk.toString().split('\n').filter(Boolean).map((line) => prefix + line).join('\n') + '\n');
      child.stdout?.on('data', forward);
      child.stderr?.on('data', forward);
    }
  }

  private async waitHealthy(name: string, timeoutMs = 60_000): Promise<void> {
    const service = this.get(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (service.child?.exitCode !== null && service.child?.exitCode !== undefined) {
        throw new Error(`${name} exited with code ${service.child.exitCode} during start-up${this.options.logDir ? ` (see ${join(this.options.logDir, `${name}.log`)})` : ''}`);
      }
      const healthy = await fetch(`${service.url}/health`).then((response) => response.ok, () => false);
      if (healthy) return;
      if (Date.now() > deadline) throw new Error(`${name} not healthy within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
