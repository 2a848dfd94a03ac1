import { Module } from '@nestjs/common';
import { CatalogTestsController } from './catalog-tests.controller';
import { TenantTestsController } from './tenant-tests.controller';
import { TestCasesService } from './test-cases.service';

@Module({
  controllers: [CatalogTestsController, TenantTestsController],
  providers: [TestCasesService],
})
export class TestCasesModule {}
