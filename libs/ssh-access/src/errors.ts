import { VmAccessError } from '@patchproof/vm-access';

/**
 * A VM operation that failed after commands ran on the VM: carries the transcript of what ran, so the
 * caller can keep it beside the failure reason.
 */
export class VmOperationError extends VmAccessError {
  constructor(message: string, vmId: string, readonly log: string) {
    super(message, vmId);
    this.name = 'VmOperationError';
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
