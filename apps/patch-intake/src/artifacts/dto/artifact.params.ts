import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class PatchIdParams {
  @ApiProperty({ example: 'DSA-5801-1' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'id must be a patch id' })
  id!: string;
}

export class ArtifactParams extends PatchIdParams {
  @ApiProperty({ example: 'openssl_3.0.15-1~deb12u1_amd64.deb' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9+._~-]{0,199}$/, { message: 'fileName must be a plain file name' })
  fileName!: string;
}
