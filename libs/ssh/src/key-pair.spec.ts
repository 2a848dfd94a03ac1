import { utils } from 'ssh2';
import { generateSshKeyPair } from './key-pair';

describe('generateSshKeyPair', () => {
  it('only hands out pairs that ssh2 parses (ssh2 alone gets about 1 in 256 wrong)', () => {
    // 3000 draws: with ssh2's generator alone at least one is malformed with probability > 0.9999.
    for (let i = 0; i < 3000; i += 1) {
      const keys = generateSshKeyPair(`spec-${i}`);
      const parsed = utils.parseKey(keys.private);
      if (parsed instanceof Error) throw new Error(`draw ${i}: ${parsed.message}`);
      expect(utils.parseKey(keys.public)).not.toBeInstanceOf(Error);
    }
  });

  it('writes the comment into the public key line', () => {
    expect(generateSshKeyPair('patchproof-acme').public).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+ patchproof-acme$/);
  });
});
