export * from './infrastructure';
export * from './services';
export * from './supervisor';
