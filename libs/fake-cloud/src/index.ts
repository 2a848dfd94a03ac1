export * from './fake-cloud.types';
export * from './fake-cloud';
export * from './fake-vm-access';
