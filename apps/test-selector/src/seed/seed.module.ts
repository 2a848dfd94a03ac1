import { Module } from '@nestjs/common';
import { ShippedCatalogService } from './shipped-catalog.service';

@Module({ providers: [ShippedCatalogService] })
export class SeedModule {}
