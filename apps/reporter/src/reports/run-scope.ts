import { ForbiddenException } from '@nestjs/common';
import { Principal } from '@patchproof/auth';

/**
 * Which runs a caller may see: all of them, or (role `tenant`) its own tenant's only; and whether it
 * sees their tenant-registered tests in full (operators, and a tenant in its own runs) or redacted
 * (everyone else: viewers). Absent means redacted, so a scope built elsewhere fails closed.
 */
export interface RunScope {
  tenantId?: string;
  seesTenantTests?: true;
}

export function scopeOf(principal: Principal): RunScope {
  if (principal.role === 'operator') return { seesTenantTests: true };
  if (principal.role !== 'tenant') return {};
  if (!principal.tenantId) throw new ForbiddenException('this tenant key names no tenant');
  return { tenantId: principal.tenantId, seesTenantTests: true };
}

/** The tenant filter of a query within a scope; a tenant asking for another tenant is refused, not silently narrowed. */
export function tenantFilter(requested: string | undefined, scope: RunScope): string | undefined {
  if (!scope.tenantId) return requested;
  if (requested && requested !== scope.tenantId) {
    throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: [`tenantId: role tenant may only see tenant ${scope.tenantId}`] });
  }
  return scope.tenantId;
}

export function inScope(run: { tenantId: string }, scope: RunScope): boolean {
  return !scope.tenantId || run.tenantId === scope.tenantId;
}
