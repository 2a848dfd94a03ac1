import { join } from 'node:path';

export interface ServiceDefinition {
  name: string;
  port: number;
  /** The compiled entry point, relative to the repository root. */
  main: string;
}

export const SERVICES: ServiceDefinition[] = [
  { name: 'patch-intake', port: 3001 },
  { name: 'replicator', port: 3002 },
  { name: 'inventory', port: 3003 },
  { name: 'test-selector', port: 3004 },
  { name: 'patch-applier', port: 3005 },
  { name: 'test-runner', port: 3006 },
  { name: 'reporter', port: 3007 },
].map((service) => ({ ...service, main: join('dist', 'apps', service.name, 'src', 'main.js') }));
