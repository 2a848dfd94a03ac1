import { Module } from '@nestjs/common';
import { FunctionGroupsController } from './function-groups.controller';
import { FunctionGroupsService } from './function-groups.service';
import { SoftwareGroupsController } from './software-groups.controller';
import { SoftwareGroupsService } from './software-groups.service';
import { SoftwareController } from './software.controller';
import { SoftwareService } from './software.service';

/** The software relation: software → software group → function groups. */
@Module({
  controllers: [FunctionGroupsController, SoftwareGroupsController, SoftwareController],
  providers: [FunctionGroupsService, SoftwareGroupsService, SoftwareService],
})
export class CatalogModule {}
