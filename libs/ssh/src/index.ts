export { shellCommand, shellQuote } from './shell-quote';
export { SECRET_KEY_ENV, SecretBox, SecretBoxError, safeEqual } from './secret-box';
export {
  HostKeyMismatchError,
  InMemoryHostKeyStore,
  hostKeyFingerprint,
  publicKeyLineFingerprint,
  verifyHostKey,
  type HostKeyStore,
  type HostKeyVerdict,
} from './host-key';
export {
  SshConnectionError,
  type ExecOptions,
  type ExecResult,
  type SshCredentials,
  type SshLogger,
  type SshTarget,
  type UploadMethod,
  type UploadOptions,
  type UploadResult,
} from './ssh-types';
export { SshClient, describeTarget, type SshClientOptions } from './ssh-client';
export { SshPool, type SshPoolOptions, type SshPoolVmStats } from './ssh-pool';
export { Semaphore } from './semaphore';
export { generateSshKeyPair, type SshKeyPair } from './key-pair';
// Test support (a private sshd for real-SSH specs); not used by running services.
export { createSshdFixture, sshdUnavailableReason, type SshdFixture, type TestSshd } from './testing/test-sshd';
