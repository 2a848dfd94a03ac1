import { utils } from 'ssh2';

export interface SshKeyPair {
  /** OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`), unencrypted. */
  private: string;
  /** `ssh-ed25519 AAAA… comment` */
  public: string;
}

const MAX_ATTEMPTS = 16;

/**
 * A fresh ed25519 key pair that ssh2 itself can read back. ssh2's generator strips leading zero
 * bytes from the public key, so about one pair in 256 is malformed (mscdex/ssh2#1390, #1513) and
 * the first login with it fails with "Malformed OpenSSH private key"; such pairs are drawn again.
 */
export function generateSshKeyPair(comment: string): SshKeyPair {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const keys = utils.generateKeyPairSync('ed25519', { comment });
    if (!(utils.parseKey(keys.private) instanceof Error) && !(utils.parseKey(keys.public) instanceof Error)) {
      return { private: keys.private, public: keys.public.trim() };
    }
  }
  throw new Error(`could not generate a readable ed25519 key pair in ${MAX_ATTEMPTS} attempts`);
}
