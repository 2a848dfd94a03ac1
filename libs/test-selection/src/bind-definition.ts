import { LoadBalancerRef } from '@patchproof/contracts';
import { SqlEngine } from './catalog-model';
import { PLACEHOLDER } from './test-case-model';
import { HttpDefinition, TestDefinition } from './test-definition';

/** What selection knows about one test on one VM, to be written into its definition. */
export interface Binding {
  /** Bound parameters (run, VM, software, service, load balancer) over the test's static ones; shared, so frozen. */
  parameters: Readonly<Record<string, string>>;
  sqlEngine: SqlEngine | null;
  servicePort: number | undefined;
  loadBalancer: LoadBalancerRef | undefined;
}

export interface BoundDefinition {
  definition: TestDefinition;
  /** Placeholders and fields nothing could fill; the runner will fail the test, the reason says why. */
  unresolved: string[];
  notes: string[];
}

// Selection binds every selected test of a VM (hundreds on a busy one): plain loops, and strings
// without a placeholder returned as they are, keep it in single-digit milliseconds.
function substitute<T>(value: T, parameters: Readonly<Record<string, string>>, unresolved: Set<string>): T {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    return value.replace(PLACEHOLDER, (whole, name: string) => {
      const bound = parameters[name];
      if (bound === undefined) unresolved.add(whole);
      return bound ?? whole;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, parameters, unresolved)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = substitute((value as Record<string, unknown>)[key], parameters, unresolved);
    return copy as T;
  }
  return value;
}

function bindHttp(definition: HttpDefinition, binding: Binding, notes: string[]): HttpDefinition {
  if (definition.via === 'load-balancer') {
    if (binding.loadBalancer) return { ...definition, port: definition.port ?? binding.loadBalancer.port };
    // A tenant without a load balancer still has the web server; test it directly rather than not at all.
    notes.push('no load balancer in the replica: via the VM');
  }
  const port = definition.port ?? binding.servicePort ?? 80;
  if (definition.port === undefined && binding.servicePort === undefined) notes.push('port 80 assumed');
  return { ...definition, via: 'vm', port };
}

function applyDefaults(definition: TestDefinition, binding: Binding, unresolved: Set<string>, notes: string[]): TestDefinition {
  switch (definition.kind) {
    case 'sql':
      if (definition.engine) return definition;
      if (!binding.sqlEngine) unresolved.add('engine');
      return binding.sqlEngine ? { ...definition, engine: binding.sqlEngine } : definition;
    case 'tcp':
      if (definition.port !== undefined) return definition;
      if (binding.servicePort === undefined) unresolved.add('port');
      return binding.servicePort === undefined ? definition : { ...definition, port: binding.servicePort };
    case 'http':
      return bindHttp(definition, binding, notes);
    case 'ssh':
      return definition;
  }
}

/** Fills {{placeholders}} and the fields a definition left to selection (engine, port, load balancer). */
export function bindDefinition(definition: TestDefinition, binding: Binding): BoundDefinition {
  const unresolved = new Set<string>();
  const notes: string[] = [];
  const substituted = substitute(definition, binding.parameters, unresolved);
  const bound = applyDefaults(substituted, binding, unresolved, notes);
  return { definition: bound, unresolved: [...unresolved], notes };
}
