import { Injectable, NotFoundException } from '@nestjs/common';
import { PatchArtifact, PatchSpec } from '@patchproof/contracts';
import { UnitOfWork } from '@patchproof/messaging';
import { Patch } from '../publication/patch.entity';
import { ArtifactView, PatchArtifactsView } from './dto/artifact.view';
import { PatchArtifactRecord } from './patch-artifact.entity';

export function artifactView(declared: PatchArtifact, stored: PatchArtifactRecord | undefined): ArtifactView {
  const base = { fileName: declared.fileName, format: declared.format, sha256: declared.sha256 };
  return stored ? { ...base, stored: true, sizeBytes: Number(stored.sizeBytes), storedAt: stored.storedAt.toISOString() } : { ...base, stored: false };
}

/** Reads of a patch's declared files and which of them were uploaded. */
@Injectable()
export class ArtifactQueries {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async patch(id: string): Promise<PatchSpec> {
    const patch = await this.unitOfWork.repository(Patch).findOneBy({ id });
    if (!patch) throw new NotFoundException(`no patch ${id}`);
    return patch.spec;
  }

  async list(id: string): Promise<PatchArtifactsView> {
    const spec = await this.patch(id);
    const stored = new Map((await this.unitOfWork.repository(PatchArtifactRecord).findBy({ patchId: id })).map((row) => [row.fileName, row]));
    const artifacts = (spec.artifacts ?? []).map((declared) => artifactView(declared, stored.get(declared.fileName)));
    return { patchId: id, artifacts, complete: artifacts.every((artifact) => artifact.stored) };
  }
}
