import { BaseServiceConfig } from '@patchproof/service-runtime';
import { IsIn, IsInt, Max, Min } from 'class-validator';

export const TEST_CATALOGS = ['starter', 'evaluation'] as const;
export type TestCatalogName = (typeof TEST_CATALOGS)[number];

export class TestSelectorConfig extends BaseServiceConfig {
  /** 0 picks a free port (tests boot the service in-process). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3004;

  /**
   * A tests.selected event larger than this is not published (the run fails at `select` instead):
   * NATS rejects messages over its max_payload (1 MiB by default), and one unpublishable outbox row
   * would block the relay for every later event.
   */
  @IsInt()
  @Min(10_000)
  SELECTION_MAX_EVENT_BYTES = 1_000_000;

  /**
   * `evaluation` also loads the literature's evaluation catalog (25 tests for MySQL, PostgreSQL and
   * Oracle on a fake OS) at start-up, inserting only what is missing; `starter` loads nothing beyond
   * the migrations' starter catalog. For reproducing the publication's evaluation, not for production.
   */
  @IsIn(TEST_CATALOGS)
  TEST_CATALOG: TestCatalogName = 'starter';
}
