import { BadRequestException, Inject, Injectable, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { PatchArtifact } from '@patchproof/contracts';
import { UnitOfWork } from '@patchproof/messaging';
import { ArtifactChecksumError, ArtifactTooLargeError, FileArtifactStore, StoredArtifact } from '@patchproof/ssh-access';
import type { Readable } from 'node:stream';
import { AdmissionPass } from '../admission/admission-pass.service';
import { PatchIntakeConfig } from '../patch-intake.config';
import { ARTIFACT_STORE } from './artifact-store.provider';
import { ArtifactQueries, artifactView } from './artifact-queries.service';
import { ArtifactView } from './dto/artifact.view';
import { PatchArtifactRecord } from './patch-artifact.entity';

export interface UploadResult {
  artifact: ArtifactView;
  /** false when this file was uploaded before (the upload is idempotent). */
  created: boolean;
}

/**
 * Use case: store an uploaded patch file if its SHA-256 is the one the patch declares for that file
 * name, record it, and run an admission pass: runs of a patch wait until all its files are stored.
 */
@Injectable()
export class UploadArtifactHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly queries: ArtifactQueries,
    private readonly admission: AdmissionPass,
    private readonly config: PatchIntakeConfig,
    @Inject(ARTIFACT_STORE) private readonly store: FileArtifactStore,
  ) {}

  async execute(patchId: string, fileName: string, content: Readable): Promise<UploadResult> {
    const declared = (await this.queries.patch(patchId)).artifacts?.find((artifact) => artifact.fileName === fileName);
    if (!declared) throw new NotFoundException(`patch ${patchId} declares no artifact named ${fileName}`);
    const stored = await this.storeContent(declared, content);
    const inserted = await this.unitOfWork.repository(PatchArtifactRecord).createQueryBuilder().insert()
      .values({ patchId, fileName, sha256: stored.sha256, sizeBytes: String(stored.bytes) }).orIgnore().returning(['patch_id']).execute();
    const created = (inserted.raw as unknown[]).length > 0;
    if (created) await this.admission.trigger();
    const record = await this.unitOfWork.repository(PatchArtifactRecord).findOneByOrFail({ patchId, fileName });
    return { artifact: artifactView(declared, record), created };
  }

  private async storeContent(declared: PatchArtifact, content: Readable): Promise<StoredArtifact> {
    try {
      return await this.store.put(content, declared.sha256, this.config.ARTIFACT_MAX_BYTES);
    } catch (error) {
      if (error instanceof ArtifactChecksumError) {
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`sha256: the uploaded content has sha256 ${error.actual}, the patch declares ${error.expected} for ${declared.fileName}`] });
      }
      if (error instanceof ArtifactTooLargeError) throw new PayloadTooLargeException(`${declared.fileName} is larger than ARTIFACT_MAX_BYTES (${error.limit} bytes)`);
      throw error;
    }
  }
}
