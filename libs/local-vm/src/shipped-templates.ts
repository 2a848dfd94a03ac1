import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalVmError } from './errors';

/** The templates in `libs/local-vm/templates` (pattern A: two databases; pattern B: web servers behind a load balancer). */
export const SHIPPED_TEMPLATES = ['pattern-a', 'pattern-b'] as const;
export type ShippedTemplateName = (typeof SHIPPED_TEMPLATES)[number];

// The YAML files are not compiled: from src/ they sit beside it, from dist/libs/local-vm/src/ in the repository.
const CANDIDATE_DIRS = [join(__dirname, '..', 'templates'), join(__dirname, '..', '..', '..', '..', 'libs', 'local-vm', 'templates')];

export function isShippedTemplate(name: string): name is ShippedTemplateName {
  return (SHIPPED_TEMPLATES as readonly string[]).includes(name);
}

/** The YAML text of a shipped template. */
export async function shippedTemplate(name: ShippedTemplateName): Promise<string> {
  if (!isShippedTemplate(name)) throw new LocalVmError(`no shipped template '${String(name)}' (shipped: ${SHIPPED_TEMPLATES.join(', ')})`);
  const dir = CANDIDATE_DIRS.find((candidate) => existsSync(join(candidate, `${name}.yaml`)));
  if (!dir) throw new LocalVmError(`template ${name}.yaml not found in ${CANDIDATE_DIRS.join(' or ')}`);
  return readFile(join(dir, `${name}.yaml`), 'utf8');
}
