import { Module } from '@nestjs/common';
import { CatalogCache } from './catalog-cache';
import { SelectTestsHandler } from './select-tests.handler';
import { SelectionMessageController } from './selection.message-controller';
import { SelectionsController } from './selections.controller';
import { SelectionsService } from './selections.service';

@Module({
  controllers: [SelectionMessageController, SelectionsController],
  providers: [CatalogCache, SelectTestsHandler, SelectionsService],
})
export class SelectionModule {}
