import { Provider } from '@nestjs/common';
import { FileArtifactStore } from '@patchproof/ssh-access';
import { PatchIntakeConfig } from '../patch-intake.config';

export const ARTIFACT_STORE = Symbol('ARTIFACT_STORE');

/** Content-addressed files under PATCHPROOF_ARTIFACT_DIR, shared with patch-applier. */
export const artifactStoreProvider: Provider = {
  provide: ARTIFACT_STORE,
  inject: [PatchIntakeConfig],
  useFactory: (config: PatchIntakeConfig) => FileArtifactStore.fromEnvironment(config.PATCHPROOF_ARTIFACT_DIR),
};
