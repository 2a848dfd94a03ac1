import { Module } from '@nestjs/common';
import { AdmissionModule } from '../admission/admission.module';
import { ArtifactQueries } from './artifact-queries.service';
import { artifactStoreProvider } from './artifact-store.provider';
import { ArtifactsController } from './artifacts.controller';
import { UploadArtifactHandler } from './upload-artifact.handler';

@Module({
  imports: [AdmissionModule],
  controllers: [ArtifactsController],
  providers: [artifactStoreProvider, ArtifactQueries, UploadArtifactHandler],
})
export class ArtifactsModule {}
