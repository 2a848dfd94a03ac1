export * from './outbox-message.entity';
export * from './inbox-message.entity';
export * from './messaging-tables.sql';
export * from './service-data-source';
