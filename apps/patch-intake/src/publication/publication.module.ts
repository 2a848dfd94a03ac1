import { Module } from '@nestjs/common';
import { AdmissionModule } from '../admission/admission.module';
import { AdvisoriesController } from './advisories.controller';
import { PatchQueries } from './patch-queries.service';
import { PatchesController } from './patches.controller';
import { PublishDocumentHandler } from './publish-document.handler';
import { PublishPatchHandler } from './publish-patch.handler';

@Module({
  imports: [AdmissionModule],
  controllers: [PatchesController, AdvisoriesController],
  providers: [PublishPatchHandler, PublishDocumentHandler, PatchQueries],
})
export class PublicationModule {}
