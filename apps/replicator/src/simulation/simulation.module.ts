import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module';
import { FakeEnvironmentsController } from './fake-environments.controller';

@Module({ imports: [DriversModule], controllers: [FakeEnvironmentsController] })
export class SimulationModule {}
