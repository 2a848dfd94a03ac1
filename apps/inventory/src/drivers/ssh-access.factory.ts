import { SshVmAccess, openSshAccess as openVmSshAccess } from '@patchproof/ssh-access';
import { DataSource } from 'typeorm';
import { INVENTORY_SCHEMA } from '../database/schema';
import { InventoryConfig } from '../inventory.config';

/** This service's SSH access: see openSshAccess in @patchproof/ssh-access. */
export function openSshAccess(config: InventoryConfig, dataSource: DataSource): SshVmAccess {
  return openVmSshAccess(config, dataSource, INVENTORY_SCHEMA);
}
