import { BadRequestException, ConflictException } from '@nestjs/common';
import { EntityManager, EntityTarget, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';

/** A 400 in the API's error shape: every line names the field at fault. */
export function badRequest(problems: string[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems });
}

function pgCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Turns a unique-key violation into 409 with the given explanation. */
export async function conflictOnDuplicate<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (pgCode(error) === '23505') throw new ConflictException(message);
    throw error;
  }
}

/** INSERT … ON CONFLICT DO NOTHING: an existing key is 409 (without a failed statement in the logs). */
export async function insertOrConflict<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager, entity: EntityTarget<T>, values: QueryDeepPartialEntity<T>, message: string,
): Promise<void> {
  const result = await manager.createQueryBuilder().insert().into(entity).values(values).orIgnore().returning(['id']).execute();
  if ((result.raw as unknown[]).length === 0) throw new ConflictException(message);
}
