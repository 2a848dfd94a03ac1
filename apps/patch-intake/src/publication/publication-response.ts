import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { PublicationView } from './dto/publication.view';
import { PublicationResult } from './publish-patch.handler';

/** 201 for a first publication, 200 for a repeat of a known patch id (nothing new was created). */
export function publicationResponse(response: Response, result: PublicationResult): PublicationView {
  response.status(result.created ? HttpStatus.CREATED : HttpStatus.OK);
  const { created: _created, ...view } = result;
  return view;
}
