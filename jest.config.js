// Unit and real-database tier: specs next to the code in apps/, libs/ and tools/.
module.exports = {
  ...require('./jest.preset'),
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  reporters: ['default', '<rootDir>/tools/jest/no-skips.reporter.js'],
  testTimeout: 60000,
};
