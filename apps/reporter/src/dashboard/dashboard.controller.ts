import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@patchproof/auth';
import { scopeOf } from '../reports/run-scope';
import { RenderDashboardHandler } from './render-dashboard.handler';

/** Needs a viewer (or tenant) key like every read: the page names tenants and patches, which tenants must not see of each other. */
@ApiTags('dashboard')
@Roles('viewer', 'tenant')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly render: RenderDashboardHandler) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
  @Header('cache-control', 'no-store')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'A self-contained HTML page: counts by verdict, latest runs with links to their reports' })
  dashboard(@CurrentPrincipal() principal: Principal): Promise<string> {
    return this.render.execute(scopeOf(principal));
  }
}
