import { TestTier } from '@patchproof/contracts';
import { ConflictException } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Live tests (latest version, not deleted) whose class points at the given entry. */
export async function liveTestsTargeting(manager: EntityManager, tier: TestTier, targetId: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await manager.query(
    `SELECT t.id FROM test_selector.test_case t
       JOIN test_selector.test_case_version v ON v.test_id = t.id AND v.version = t.latest_version
      WHERE t.deleted_at IS NULL AND v.tier = $1 AND v.target_id = $2 ORDER BY t.id LIMIT 10`,
    [tier, targetId],
  );
  return rows.map((row) => row.id);
}

/** Deleting an entry that others still use is refused with the users named, never cascaded silently. */
export function refuseIfReferenced(what: string, references: Array<[string, string[]]>): void {
  const used = references.filter(([, ids]) => ids.length > 0).map(([kind, ids]) => `${kind} ${ids.join(', ')}`);
  if (used.length > 0) throw new ConflictException(`${what} is still used by ${used.join('; ')}`);
}
