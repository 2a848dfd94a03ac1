// Its payload classes carry class-transformer/validator decorators, which need the metadata API loaded first.
import 'reflect-metadata';
export * from './envelope/event-envelope';
export * from './envelope/event-id';
export * from './envelope/validate-event';
export * from './envelope/create-event';
export * from './events/patch';
export * from './events/cron-expression';
export * from './events/tenant';
export * from './events/run';
export * from './events/test-identity';
export * from './events/pipeline-events';
export * from './subjects';
