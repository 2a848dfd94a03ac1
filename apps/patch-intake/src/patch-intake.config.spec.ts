import { ConfigError, loadConfig } from '@patchproof/service-runtime';
import { PatchIntakeConfig } from './patch-intake.config';

describe('PatchIntakeConfig', () => {
  it('defaults to port 3001 and a global admission limit of 20', () => {
    const config = loadConfig(PatchIntakeConfig, {});
    expect(config).toMatchObject({ PORT: 3001, ADMISSION_GLOBAL_LIMIT: 20, ADMISSION_PROVIDER_LIMITS: '' });
  });

  it('reads numbers from the environment, port 0 included', () => {
    const config = loadConfig(PatchIntakeConfig, { PORT: '0', ADMISSION_GLOBAL_LIMIT: '2', ADMISSION_PROVIDER_LIMITS: 'fake=20,local=3' });
    expect(config).toMatchObject({ PORT: 0, ADMISSION_GLOBAL_LIMIT: 2, ADMISSION_PROVIDER_LIMITS: 'fake=20,local=3' });
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig(PatchIntakeConfig, { ADMISSION_PROVIDER_LIMITS: 'fake:20' })).toThrow(ConfigError);
    expect(() => loadConfig(PatchIntakeConfig, { ADMISSION_PROVIDER_LIMITS: 'fake:20' })).toThrow(/ADMISSION_PROVIDER_LIMITS/);
    expect(() => loadConfig(PatchIntakeConfig, { ADMISSION_GLOBAL_LIMIT: '0' })).toThrow(/ADMISSION_GLOBAL_LIMIT/);
  });
});
