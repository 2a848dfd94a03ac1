import { VmAccessServiceConfig } from '@patchproof/ssh-access';
import { IsInt, Max, Min } from 'class-validator';

export class TestRunnerConfig extends VmAccessServiceConfig {
  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3006;

  /** VMs of one run tested at once; each VM's own tests run one after another (they share the VM). */
  @IsInt()
  @Min(1)
  @Max(256)
  TEST_CONCURRENCY = 8;
}
