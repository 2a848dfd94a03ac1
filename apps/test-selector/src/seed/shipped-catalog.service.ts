import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LITERATURE_CATALOG } from '@patchproof/test-selection';
import { DataSource } from 'typeorm';
import { TestSelectorConfig } from '../test-selector.config';
import { seedCatalog } from './catalog-seed';

/** Loads the catalog TEST_CATALOG names at start-up (the starter catalog comes with the migrations). */
@Injectable()
export class ShippedCatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ShippedCatalogService.name);

  constructor(private readonly dataSource: DataSource, private readonly config: TestSelectorConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.TEST_CATALOG !== 'evaluation') return;
    await this.dataSource.transaction(async (manager) => {
      // Replicas starting together would otherwise race on the same inserts.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['test-selector-shipped-catalog']);
      await seedCatalog((sql, parameters) => manager.query(sql, parameters), LITERATURE_CATALOG);
    });
    this.logger.log(`TEST_CATALOG=evaluation: the literature's evaluation catalog is loaded (${LITERATURE_CATALOG.tests.length} tests)`);
  }
}
