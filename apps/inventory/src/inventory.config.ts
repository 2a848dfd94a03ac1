import { VmAccessServiceConfig } from '@patchproof/ssh-access';
import { IsInt, Max, Min } from 'class-validator';

export class InventoryConfig extends VmAccessServiceConfig {
  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3003;

  /** VMs of one replica inventoried at once. */
  @IsInt()
  @Min(1)
  @Max(256)
  INVENTORY_CONCURRENCY = 8;
}
