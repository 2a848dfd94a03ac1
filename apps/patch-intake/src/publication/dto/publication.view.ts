import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Verdict, VERDICTS } from '@patchproof/contracts';
import { RUN_STATES, RunState } from '../../admission/run.entity';
import { PatchSpecDto } from './patch.dto';

export class CreatedRunView {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiProperty({ example: 'acme' })
  tenantId!: string;
}

export class PublicationView {
  @ApiProperty({ type: PatchSpecDto, description: 'The patch as stored (on a repeat: as first published)' })
  patch!: PatchSpecDto;

  @ApiProperty({ description: 'Runs this request created; 0 when the patch id was published before' })
  runsCreated!: number;

  @ApiProperty({ type: [CreatedRunView] })
  runs!: CreatedRunView[];
}

export class PatchSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() severity!: string;
  @ApiProperty() source!: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty() runsCreated!: number;
}

export class RunAdmissionView {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiProperty({ example: 'acme' })
  tenantId!: string;

  @ApiProperty({ example: 'fake' })
  provider!: string;

  @ApiProperty({ enum: RUN_STATES, description: 'queued, active (admitted, requested), released (slot freed) or cancelled' })
  state!: RunState;

  @ApiProperty()
  queuedAt!: string;

  @ApiPropertyOptional({ nullable: true })
  requestedAt!: string | null;

  @ApiPropertyOptional({ nullable: true })
  releasedAt!: string | null;

  @ApiPropertyOptional({ nullable: true })
  cancelledAt!: string | null;

  @ApiPropertyOptional({ enum: VERDICTS, nullable: true, description: 'Known once the replica is released' })
  verdict!: Verdict | null;
}

export class PatchView {
  @ApiProperty({ type: PatchSpecDto })
  patch!: PatchSpecDto;

  @ApiProperty()
  receivedAt!: string;

  @ApiProperty()
  runsCreated!: number;

  @ApiProperty({ type: [RunAdmissionView] })
  runs!: RunAdmissionView[];
}
