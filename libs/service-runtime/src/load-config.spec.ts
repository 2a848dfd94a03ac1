import { IsInt, Max, Min } from 'class-validator';
import { BaseServiceConfig } from './base-service.config';
import { ConfigError, loadConfig } from './load-config';

class ExampleConfig extends BaseServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;
}

describe('loadConfig', () => {
  it('uses defaults and converts numbers and booleans from the environment', () => {
    const config = loadConfig(ExampleConfig, { PORT: '3902', MIGRATIONS_RUN: 'false' });
    expect(config.PORT).toBe(3902);
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('names every variable at fault', () => {
    expect(() => loadConfig(ExampleConfig, { PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig(ExampleConfig, { PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
  });
});
