import {
  BadRequestException, Body, ConflictException, Controller, Delete, Get, HttpCode, HttpException, Param, Post, ServiceUnavailableException, NotFoundException,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { AddressPoolExhaustedError, NotFoundError, ReapReport, TemplateValidationError } from '@patchproof/local-vm';
import { CreateLocalEnvironmentDto, LocalEnvironmentView } from './dto/local-environment.dto';
import { EnvironmentExistsError, LocalDriverDisabledError, LocalEnvironmentsService } from './local-environments.service';

function httpError(error: unknown): unknown {
  if (error instanceof HttpException) return error;
  if (error instanceof TemplateValidationError) return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: error.issues.map((issue) => `template ${issue.path}: ${issue.message}`) });
  if (error instanceof NotFoundError) return new NotFoundException(error.message);
  if (error instanceof EnvironmentExistsError) return new ConflictException(error.message);
  if (error instanceof LocalDriverDisabledError || error instanceof AddressPoolExhaustedError) return new ServiceUnavailableException(error.message);
  return error;
}

async function translated<T>(action: Promise<T>): Promise<T> {
  try {
    return await action;
  } catch (error) {
    throw httpError(error);
  }
}

/** The `local` provider's tenant environments: namespace VMs on this host (operators create them for tenants). */
@ApiTags('local provider')
@Controller('local')
export class LocalEnvironmentsController {
  constructor(private readonly environments: LocalEnvironmentsService) {}

  @Post('environments')
  @ApiOperation({ summary: "Create a tenant's actual environment from a template; its SSH login goes into the vault (may take minutes: base images)" })
  create(@Body() body: CreateLocalEnvironmentDto): Promise<LocalEnvironmentView> {
    return translated(this.environments.create(body.id, body.template));
  }

  @Get('environments/:id')
  @Roles('viewer')
  @ApiOperation({ summary: "A tenant's actual environment: its VMs, addresses and installed packages" })
  get(@Param('id') id: string): Promise<LocalEnvironmentView> {
    return translated(this.environments.get(id));
  }

  @Delete('environments/:id')
  @HttpCode(204)
  @ApiOperation({ summary: "Delete a tenant's environment with every replica of it" })
  async delete(@Param('id') id: string): Promise<void> {
    await translated(this.environments.delete(id));
  }

  @Post('reap')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove what crashed operations left on this host (namespaces, links, mounts, half-created environments)' })
  reap(): Promise<ReapReport> {
    return translated(this.environments.reap());
  }
}
