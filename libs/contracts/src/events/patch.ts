import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested,
} from 'class-validator';

export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const ARTIFACT_FORMATS = ['deb', 'rpm', 'msu'] as const;
export type ArtifactFormat = (typeof ARTIFACT_FORMATS)[number];

/** A package the patch fixes, in one ecosystem (OSV naming: "Debian:12", "AlmaLinux:9", "Alpine:v3.18"). */
export class AffectedPackage {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  ecosystem!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9+._~:-]{0,199}$/, { message: 'name must be a package name' })
  name!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9.+~:_-]{1,100}$/, { message: 'fixedVersion must be a package version' })
  fixedVersion!: string;
}

/** A file that installs the patch; the sha256 is checked on every VM before installation. */
export class PatchArtifact {
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9+._~-]{0,199}$/, { message: 'fileName must be a plain file name' })
  fileName!: string;

  @IsIn(ARTIFACT_FORMATS)
  format!: ArtifactFormat;

  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256!: string;
}

export class PatchSpec {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'id must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  id!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @IsIn(SEVERITIES)
  severity!: Severity;

  @IsIn(['native', 'osv', 'csaf'])
  source!: 'native' | 'osv' | 'csaf';

  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  advisoryIds!: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => AffectedPackage)
  packages!: AffectedPackage[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PatchArtifact)
  artifacts?: PatchArtifact[];

  @IsISO8601()
  publishedAt!: string;
}
