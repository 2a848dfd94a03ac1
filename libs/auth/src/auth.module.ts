import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { apiKeysFromEnvironment, ApiKeyStore } from './api-key';
import { ApiKeyGuard } from './auth.guard';

@Module({})
export class AuthModule {
  /** Every HTTP route requires a key unless marked @Public(). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [{ provide: ApiKeyStore, useValue: apiKeysFromEnvironment(env) }, { provide: APP_GUARD, useClass: ApiKeyGuard }],
      exports: [ApiKeyStore],
    };
  }
}
