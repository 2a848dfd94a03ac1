export * from './vm-access';
export * from './vm-targets';
export * from './map-settled';
export * from './error-message';
export * from './providers';
