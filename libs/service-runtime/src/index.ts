export * from './load-config';
export * from './base-service.config';
export * from './service-name';
export * from './health.controller';
export * from './service-infra.module';
export * from './bootstrap-service';
