import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module';
import { CollectInventoryHandler } from './collect-inventory.handler';
import { CollectionMessageController } from './collection.message-controller';

@Module({
  imports: [DriversModule],
  controllers: [CollectionMessageController],
  providers: [CollectInventoryHandler],
})
export class CollectionModule {}
