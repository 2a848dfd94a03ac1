import { OS_FAMILIES, OsFamily } from '@patchproof/contracts';
import { EcosystemOsFamily, osFamilyOfEcosystem } from '@patchproof/versioning';

// @patchproof/versioning (a util lib) cannot import contracts, so it declares the OS family union
// itself. These assignments fail to compile if the two unions ever drift apart.
describe('EcosystemOsFamily and contracts OsFamily', () => {
  it('are the same union', () => {
    const fromContracts: EcosystemOsFamily[] = [...OS_FAMILIES];
    const fromVersioning: OsFamily = osFamilyOfEcosystem('Rocky Linux:9');
    expect(fromContracts).toContain(fromVersioning);
    expect(OS_FAMILIES).toEqual(['debian', 'rhel', 'alpine', 'windows', 'unknown']);
  });
});
