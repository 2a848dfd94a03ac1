// Public API of @patchproof/ssh-access: VM access (inventory, patching, tests) over SSH.
export { SshVmAccess, type SshVmAccessOptions } from './ssh-vm-access';
export { VmOperationError } from './errors';
export {
  CREDENTIALS_REF,
  CredentialVaultError,
  DEFAULT_VAULT_DIR,
  FileCredentialVault,
  InMemoryCredentialVault,
  VAULT_DIR_ENV,
  validateCredentials,
  type CredentialVault,
  type VmCredentials,
} from './credentials/credential-vault';
export { TypeOrmHostKeyStore } from './host-keys/typeorm-host-key-store';
export {
  ARTIFACT_DIR_ENV,
  ArtifactChecksumError,
  ArtifactTooLargeError,
  DEFAULT_ARTIFACT_DIR,
  FileArtifactStore,
  type ArtifactStore,
  type StoredArtifact,
} from './artifacts/file-artifact-store';
export { InMemoryBaselineStore, type BaselineKey, type BaselineStore } from './checks/baseline-store';
export { DEFAULT_INSTALLER_TIMEOUTS, type InstallerTimeouts } from './patching/ssh-patch-installer';
export { JOURNAL_DIR } from './patching/operation-journal';
export { STAGING_DIR } from './patching/deb-staging';
export { decideRestarts, REBOOT_PACKAGES, type ProcessInfo, type RestartDecision, type RestartInputs, type ServiceManagerKind } from './patching/restart-plan';
export { parseOsRelease } from './inventory/os-release';
export { DPKG_QUERY_FORMAT, parseDpkgInventory } from './inventory/dpkg-inventory';
export { parseRpmInventory, RPM_QUERY_FORMAT } from './inventory/rpm-inventory';
export { parseSsListening } from './inventory/ss-listening';
export { parseWindowsInventory, WINDOWS_INVENTORY_SCRIPTS, type WindowsInventoryOutputs } from './inventory/windows-inventory';
export { parseAddress } from './connection/address';
/** Test support (not shipped behaviour): private OpenSSH servers on 127.0.0.1 for real-SSH specs. */
export { createSshdFixture, sshdUnavailableReason, type SshdFixture, type TestSshd } from '@patchproof/ssh';
export { VmAccessServiceConfig, openSshAccess } from './vm-access-service.config';
