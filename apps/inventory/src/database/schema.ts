import { VmInventoryRecord } from '../collection/vm-inventory.entity';
import { Initial1763900000000 } from './migrations/1763900000000-initial';
import { HostKey1763900000001 } from './migrations/1763900000001-host-key';

export const INVENTORY_SCHEMA = 'inventory';
export const INVENTORY_ENTITIES = [VmInventoryRecord];
export const INVENTORY_MIGRATIONS = [Initial1763900000000, HostKey1763900000001];
