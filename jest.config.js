// Unit and real-database tier: specs next to the code in apps/ and libs/.
module.exports = {
  ...require('./jest.preset'),
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testMatch: ['**/*.spec.ts'],
  testTimeout: 60000,
};
