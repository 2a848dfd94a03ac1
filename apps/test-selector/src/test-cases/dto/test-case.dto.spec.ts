import { describeValidationErrors } from '@patchproof/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateCatalogTestDto, TenantTestDto } from './test-case.dto';
import { HttpDefinitionDto, SshDefinitionDto } from './test-definition.dto';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

function problems<T extends object>(type: new () => T, body: Record<string, unknown>): string[] {
  return describeValidationErrors(validateSync(plainToInstance(type, body), OPTIONS));
}

const valid = { name: 'x', tier: 'software-group', targetId: 'nginx', subject: 'function', definition: { kind: 'ssh', command: ['nginx', '-t'], service: 'nginx' } };

describe('test case bodies', () => {
  it('picks the definition class by kind', () => {
    expect(problems(CreateCatalogTestDto, valid)).toEqual([]);
    const dto = plainToInstance(CreateCatalogTestDto, { ...valid, definition: { kind: 'http', path: '/', expectStatus: 200 } });
    expect(dto.definition).toBeInstanceOf(HttpDefinitionDto);
    expect(plainToInstance(CreateCatalogTestDto, valid).definition).toBeInstanceOf(SshDefinitionDto);
  });

  it('names the field at fault, inside the definition too', () => {
    expect(problems(CreateCatalogTestDto, { ...valid, tier: 'tenant', definition: { kind: 'ftp' } })).toEqual([
      expect.stringMatching(/^tier: .*tenant tests are registered under \/tenants/),
      expect.stringMatching(/^definition\.kind: kind must be one of/),
    ]);
    expect(problems(CreateCatalogTestDto, { ...valid, definition: { kind: 'ssh', command: [], expectStdout: '(', extra: 1 } })).toEqual([
      'definition.extra: property extra should not exist',
      'definition.command: command must contain at least 1 elements',
      'definition.expectStdout: expectStdout must be a valid regular expression (at most 1000 characters)',
    ]);
    expect(problems(CreateCatalogTestDto, { ...valid, definition: { kind: 'sql', statements: ['SELECT 1'], expectRows: [[{ a: 1 }]], engine: 'oracle' } })).toEqual([
      'definition.engine: engine must be one of the following values: postgresql, mariadb',
      'definition.expectRows: expectRows must be a list of rows, each a list of strings, numbers, booleans or nulls',
    ]);
  });

  it('keeps tenant bodies to tenant fields', () => {
    const { tier: _tier, targetId: _targetId, ...tenantBody } = valid;
    expect(problems(TenantTestDto, { ...tenantBody, vmName: 'web1' })).toEqual([]);
    expect(problems(TenantTestDto, { ...tenantBody, tenantId: 'other', vmName: 'bad name' })).toEqual([
      'tenantId: property tenantId should not exist',
      'vmName: vmName must be a VM name (letters, digits, ".", "_", "-")',
    ]);
  });
});
