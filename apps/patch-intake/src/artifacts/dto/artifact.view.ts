import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ARTIFACT_FORMATS, ArtifactFormat } from '@patchproof/contracts';

export class ArtifactView {
  @ApiProperty({ example: 'openssl_3.0.15-1~deb12u1_amd64.deb' })
  fileName!: string;

  @ApiProperty({ enum: ARTIFACT_FORMATS })
  format!: ArtifactFormat;

  @ApiProperty({ description: 'As the patch declares it; the upload must have exactly this SHA-256' })
  sha256!: string;

  @ApiProperty({ description: 'Uploaded and stored' })
  stored!: boolean;

  @ApiPropertyOptional()
  sizeBytes?: number;

  @ApiPropertyOptional({ format: 'date-time' })
  storedAt?: string;
}

export class PatchArtifactsView {
  @ApiProperty()
  patchId!: string;

  @ApiProperty({ type: [ArtifactView], description: 'Every file the patch declares, uploaded or not' })
  artifacts!: ArtifactView[];

  @ApiProperty({ description: 'Every declared file is stored: the patch\'s runs may be admitted' })
  complete!: boolean;
}
