import { FileArtifactStore, SshVmAccess, openSshAccess as openVmSshAccess } from '@patchproof/ssh-access';
import { DataSource } from 'typeorm';
import { PATCH_APPLIER_SCHEMA } from '../database/schema';
import { PatchApplierConfig } from '../patch-applier.config';

/** This service's SSH access: see openSshAccess in @patchproof/ssh-access. */
export function openSshAccess(config: PatchApplierConfig, dataSource: DataSource): SshVmAccess {
  return openVmSshAccess(config, dataSource, PATCH_APPLIER_SCHEMA, { artifacts: FileArtifactStore.fromEnvironment(config.PATCHPROOF_ARTIFACT_DIR) });
}
