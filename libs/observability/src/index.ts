export * from './metrics';
export * from './redact';
export * from './trace-context';
