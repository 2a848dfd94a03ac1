/*
 * The pure test-selection engine (no NestJS, no TypeORM): the catalog model, typed test
 * definitions, the in-memory catalog index, inventory normalization, the notable-software rule,
 * parameter binding and per-VM selection, plus the catalogs shipped as data.
 */
export * from './catalog-model';
export * from './test-definition';
export * from './test-case-model';
export { isRunnableTestDefinition, runnableDefinitionProblems } from './runnable-definition';
export type { CatalogData, IndexedSoftware, TestRef } from './catalog-index';
export { CatalogIndex } from './catalog-index';
export type { NormalizedInventory, SoftwareMatch } from './normalize-inventory';
export { normalizeInventory } from './normalize-inventory';
export { packageBaseName, serviceAliases } from './notable-software';
export { comparisonEcosystem, upstreamVersion } from './package-patterns';
export type { Binding, BoundDefinition } from './bind-definition';
export { bindDefinition } from './bind-definition';
export type { SelectionInput, SelectionResult, VmContext } from './select-tests';
export { selectForVm, selectTests } from './select-tests';
export type { CatalogSeed, SeedTest } from './catalogs/catalog-seed';
export { catalogData, seedTest, seedVersion, shell } from './catalogs/catalog-seed';
export { STARTER_CATALOG } from './catalogs/starter-catalog';
export { LITERATURE_CATALOG, LITERATURE_INVENTORIES } from './catalogs/literature-catalog';
