import { Injectable } from '@nestjs/common';
import { PublicationFormat, toPatchSpec } from './advisory-conversion';
import { PublicationResult, PublishPatchHandler } from './publish-patch.handler';

/** Use case: publish a native patch, OSV or CSAF document: convert it to a PatchSpec, then publish that. */
@Injectable()
export class PublishDocumentHandler {
  constructor(private readonly publish: PublishPatchHandler) {}

  execute(format: PublicationFormat, document: unknown): Promise<PublicationResult> {
    return this.publish.execute(toPatchSpec(format, document));
  }
}
