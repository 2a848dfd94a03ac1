import { Module } from '@nestjs/common';
import { GetInventoriesHandler } from './get-inventories.handler';
import { InventoriesController } from './inventories.controller';

@Module({ controllers: [InventoriesController], providers: [GetInventoriesHandler] })
export class InventoriesModule {}
