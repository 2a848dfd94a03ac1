export * from './api-key';
export * from './auth.guard';
export * from './auth.module';
