import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyStore, Principal, Role } from './api-key';

const ROLES_KEY = 'patchproof:roles';
const PUBLIC_KEY = 'patchproof:public';

/** Roles allowed on a route; `operator` may do everything and need not be listed. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A route anyone may call (health, metrics, OpenAPI). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<Request & { principal: Principal }>().principal;
});

/** HTTP only: a missing or unknown key is 401, a known key without the role is 403. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly keys: ApiKeyStore) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const presented = bearerToken(request);
    const principal = presented ? this.keys.authenticate(presented) : undefined;
    if (!principal) throw new UnauthorizedException('a valid API key is required (Authorization: Bearer <key>)');
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (principal.role !== 'operator' && !allowed.includes(principal.role)) {
      throw new ForbiddenException(`role ${principal.role} may not do this; needs ${['operator', ...allowed].join(' or ')}`);
    }
    request.principal = principal;
    return true;
  }
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}
