import { Injectable, Logger } from '@nestjs/common';
import { CatalogIndex } from '@patchproof/test-selection';
import { DataSource } from 'typeorm';
import { loadCatalog, readCatalogVersion } from './catalog-loader';

/**
 * The catalog index of this process. Each selection reads the catalog version counter (one row)
 * and reloads only when a catalog write has bumped it, so every replica of the service sees changes
 * without messages between them.
 */
@Injectable()
export class CatalogCache {
  private readonly logger = new Logger(CatalogCache.name);
  private index?: CatalogIndex;
  private loading?: Promise<CatalogIndex>;

  constructor(private readonly dataSource: DataSource) {}

  async current(): Promise<CatalogIndex> {
    const version = await readCatalogVersion(this.dataSource.manager);
    while (!this.index || this.index.version < version) this.index = await this.reload();
    return this.index;
  }

  /** One load at a time; callers that arrive meanwhile share it. */
  private reload(): Promise<CatalogIndex> {
    this.loading ??= this.build().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async build(): Promise<CatalogIndex> {
    const started = Date.now();
    const index = new CatalogIndex(await loadCatalog(this.dataSource));
    this.logger.log(`catalog version ${index.version} indexed: ${index.data.software.length} software, ${index.data.tests.length} tests in ${Date.now() - started} ms`);
    return index;
  }
}
