import { TestSite } from '@patchproof/contracts';
import { SqlEngine } from './catalog-model';

export const DEFINITION_KINDS = ['ssh', 'http', 'tcp', 'sql'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];
export const HTTP_VIA = ['vm', 'load-balancer'] as const;
export type HttpVia = (typeof HTTP_VIA)[number];

/**
 * `service` names the service a test exercises (the test runner and the simulation look it up on the
 * VM). Upper-tier tests usually write `{{service}}`: selection binds the service of the installed
 * software that brought the test in. OS-level tests that exercise no service leave it out.
 */
interface DefinitionBase {
  service?: string;
}

/** Run on the VM over SSH as an argv array (never a shell line built from input). */
export interface SshDefinition extends DefinitionBase {
  kind: 'ssh';
  command: string[];
  expectExit?: number;
  /** A regular expression the standard output must match. */
  expectStdout?: string;
}

export interface HttpDefinition extends DefinitionBase {
  kind: 'http';
  path: string;
  /** Omitted: the bound service's port (on the VM) or the load balancer's port. */
  port?: number;
  via?: HttpVia;
  expectStatus: number;
  /** A regular expression the body must match. */
  expectBody?: string;
}

export interface TcpDefinition extends DefinitionBase {
  kind: 'tcp';
  /** Omitted: the bound service's listening port. */
  port?: number;
}

/** A cell of an expected SQL row. */
export type SqlValue = string | number | boolean | null;

/** Statements run in order in one session; `expectRows` are the rows of the last statement that returned rows. */
export interface SqlDefinition extends DefinitionBase {
  kind: 'sql';
  /** Omitted: bound from the installed software's SQL engine. */
  engine?: SqlEngine;
  statements: string[];
  expectRows?: SqlValue[][];
}

/** What a test does, as an operator writes it (placeholders and fields left to selection allowed). */
export type TestDefinition = SshDefinition | HttpDefinition | TcpDefinition | SqlDefinition;

export const BASELINE_MEASURES = ['elapsed-ms', 'stdout-number'] as const;
export type BaselineMeasure = (typeof BASELINE_MEASURES)[number];

/** How a performance test measures: taken before the patch (baseline) and after, compared by ratio. */
export interface PerformanceBaseline {
  measure: BaselineMeasure;
  unit: string;
  samples: number;
}

/** A precondition on the VM's inventory; a test whose condition fails is not selected. */
export interface TestCondition {
  listeningPort?: number;
}

/** What the runner needs beside the definition itself; selection puts it inside the definition it sends. */
export interface RunnableExtras {
  /** Run before the patch (data tests seed their data here), bound like the definition. */
  prepare?: TestDefinition;
  /** Performance tests only: how to measure before and after the patch. */
  baseline?: PerformanceBaseline;
  /** Performance tests only: the largest allowed ratio after/before. */
  threshold?: number;
  /** Every parameter bound for this VM (run, VM, software, service, load balancer) and the test's static ones. */
  parameters?: Readonly<Record<string, string>>;
  /** The precondition selection checked on the inventory (informational for the runner). */
  condition?: TestCondition;
}

/**
 * A selected test's definition as the test runner receives it in `SelectedTest.definition`
 * (typed `Record<string, unknown>` on the wire): one of the four kinds, discriminated by `kind`,
 * with its placeholders filled and the fields selection decides (SQL engine, port, `via`) set where
 * it could. Narrow a received definition with `isRunnableTestDefinition`.
 */
export type RunnableTestDefinition =
  | (SshDefinition & RunnableExtras)
  | (HttpDefinition & RunnableExtras)
  | (TcpDefinition & RunnableExtras)
  | (SqlDefinition & RunnableExtras);

/**
 * Which site a definition runs from: SSH commands run on the VM; HTTP and TCP checks from the runner;
 * SQL from the runner over the network when the test names `sqlCredentialsRef`, else with the DBMS's
 * own client on the VM over SSH (which works with the default, local-only DBMS configuration).
 */
export function siteOfKind(kind: DefinitionKind, parameters: Readonly<Record<string, string>> = {}): TestSite {
  if (kind === 'sql') return parameters.sqlCredentialsRef ? 'remote' : 'local';
  return kind === 'ssh' ? 'local' : 'remote';
}
