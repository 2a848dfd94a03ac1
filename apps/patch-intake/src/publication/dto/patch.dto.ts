import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { AffectedPackage, ARTIFACT_FORMATS, PatchArtifact, PatchSpec, SEVERITIES } from '@patchproof/contracts';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { documentProperties } from '../../common/document-properties';

// Validation rules are the contract's (inherited); these classes add the OpenAPI description.

export class AffectedPackageDto extends AffectedPackage {}
documentProperties(AffectedPackageDto, {
  ecosystem: { example: 'Debian:12', description: 'OSV ecosystem name' },
  name: { example: 'openssl' },
  fixedVersion: { example: '3.0.15-1~deb12u1', description: 'The first version with the fix' },
});

export class PatchArtifactDto extends PatchArtifact {}
documentProperties(PatchArtifactDto, {
  fileName: { example: 'openssl_3.0.15-1~deb12u1_amd64.deb' },
  format: { enum: ARTIFACT_FORMATS },
  sha256: { pattern: '^[0-9a-f]{64}$' },
});

export class PatchSpecDto extends PatchSpec {}
documentProperties(PatchSpecDto, {
  id: { example: 'DSA-5801-1', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' },
  title: { example: 'openssl security update', maxLength: 500 },
  severity: { enum: SEVERITIES },
  source: { enum: ['native', 'osv', 'csaf'] },
  advisoryIds: { type: [String], example: ['CVE-2024-9143'] },
  packages: { type: [AffectedPackageDto], minItems: 1 },
  artifacts: { type: [PatchArtifactDto], required: false },
  publishedAt: { example: '2025-01-15T10:00:00Z' },
});

/** The native publication schema: a PatchSpec whose source is `native` and whose publishedAt defaults to now. */
export class NativePatchDto extends OmitType(PatchSpecDto, ['source', 'publishedAt'] as const) {
  @ApiPropertyOptional({ enum: ['native'], description: 'Always native here; may be omitted' })
  @IsOptional()
  @IsIn(['native'])
  source?: 'native';

  @ApiPropertyOptional({ example: '2025-01-15T10:00:00Z', description: 'Defaults to the time of the request' })
  @IsOptional()
  @IsISO8601()
  publishedAt?: string;
}
