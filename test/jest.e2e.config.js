// End-to-end tier: every service as its own process against real NATS JetStream and PostgreSQL.
const path = require('node:path');
module.exports = {
  ...require('../jest.preset'),
  rootDir: path.join(__dirname, '..'),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.e2e-spec.ts'],
  reporters: ['default', '<rootDir>/tools/jest/no-skips.reporter.js'],
  testTimeout: 600000,
  maxWorkers: 1,
};
