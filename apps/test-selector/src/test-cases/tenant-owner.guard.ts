import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Principal } from '@patchproof/auth';
import type { Request } from 'express';

/**
 * Routes under /tenants/:tenantId: operators act for any tenant, a tenant key only for its own id.
 * A guard (not a check in the handler) so a foreign tenant gets 403 before its body is even validated.
 */
@Injectable()
export class TenantOwnerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = request.principal;
    const tenantId = request.params.tenantId;
    if (principal?.role === 'operator') return true;
    if (principal?.role === 'tenant' && principal.tenantId === tenantId) return true;
    throw new ForbiddenException(`this key may not act for tenant ${tenantId}`);
  }
}
