import { ApiProperty } from '@nestjs/swagger';

export class ProviderAdmissionView {
  @ApiProperty({ example: 'fake' })
  provider!: string;

  @ApiProperty({ description: 'Active runs allowed at once for this provider' })
  limit!: number;

  @ApiProperty({ description: 'Runs admitted whose replica is not released yet' })
  active!: number;

  @ApiProperty({ description: 'Runs waiting for admission' })
  queued!: number;
}

export class AdmissionView {
  @ApiProperty({ description: 'Active runs allowed at once across all providers' })
  globalLimit!: number;

  @ApiProperty({ description: 'Per-provider limits from ADMISSION_PROVIDER_LIMITS; other providers get the global limit', example: { local: 3 } })
  providerLimits!: Record<string, number>;

  @ApiProperty()
  active!: number;

  @ApiProperty()
  queued!: number;

  @ApiProperty({ type: [ProviderAdmissionView], description: 'Configured providers and providers with runs' })
  providers!: ProviderAdmissionView[];
}
