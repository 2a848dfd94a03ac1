import { spawnSync } from 'node:child_process';
import { compareDebian, parseDebianVersion } from './dpkg';

// Cross-checks compareDebian against the real `dpkg --compare-versions` on generated pairs.
// Needs dpkg on PATH; without it the suite is skipped and its name says why.

function dpkgAvailable(): boolean {
  const result = spawnSync('dpkg', ['--version'], { encoding: 'utf8' });
  return result.status === 0;
}

function dpkgRelation(a: string, relation: 'lt' | 'eq', b: string): boolean {
  const result = spawnSync('dpkg', ['--compare-versions', a, relation, b], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`dpkg --compare-versions ${a} ${relation} ${b} failed: ${result.stderr}`);
  }
  return result.status === 0;
}

function dpkgCompare(a: string, b: string): -1 | 0 | 1 {
  if (dpkgRelation(a, 'lt', b)) return -1;
  return dpkgRelation(a, 'eq', b) ? 0 : 1;
}

/** mulberry32: a small seeded generator, so every run checks the same pairs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPSTREAM_PIECES = ['0', '1', '2', '9', '10', '01', '00', 'a', 'b', 'z', 'A', 'Z', '.', '+', '~', '~~', 'rc', 'p', 'dfsg'];
const REVISION_PIECES = ['0', '1', '2', '10', 'deb12u', 'ubuntu', '.', '+', '~', 'a'];
const EPOCHS = ['0:', '1:', '2:', '10:', '01:'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function pieces(random: () => number, from: readonly string[], max: number): string {
  const count = Math.floor(random() * (max + 1));
  return Array.from({ length: count }, () => pick(random, from)).join('');
}

function generateVersion(random: () => number): string {
  const epoch = random() < 0.3 ? pick(random, EPOCHS) : '';
  const hasRevision = random() < 0.6;
  const inner = hasRevision && random() < 0.15 ? '-' : '';
  const colon = epoch && random() < 0.1 ? ':' : '';
  const upstream = pick(random, ['0', '1', '2', '10']) + pieces(random, UPSTREAM_PIECES, 4) + inner + colon + pieces(random, UPSTREAM_PIECES, 2);
  const revision = hasRevision ? `-${pick(random, ['0', '1', 'a', '2'])}${pieces(random, REVISION_PIECES, 3)}` : '';
  return epoch + upstream + revision;
}

/** A near neighbour of `version`: one character changed, added or removed, so prefixes are shared. */
function mutate(random: () => number, version: string): string {
  const alphabet = '0123456789abzAZ.+~';
  const at = 1 + Math.floor(random() * (version.length - 1));
  const roll = random();
  if (roll < 0.4) return version.slice(0, at) + pick(random, [...alphabet]) + version.slice(at + 1);
  if (roll < 0.8) return version.slice(0, at) + pick(random, [...alphabet]) + version.slice(at);
  return version.slice(0, at) + version.slice(at + 1);
}

/** Generated versions that our parser rejects are dropped; dpkg must accept every one kept. */
function parses(version: string): boolean {
  try {
    parseDebianVersion(version);
    return true;
  } catch {
    return false;
  }
}

function generatePairs(count: number): Array<[string, string]> {
  const random = seededRandom(20240701);
  const pairs: Array<[string, string]> = [];
  while (pairs.length < count) {
    const a = generateVersion(random);
    const b = random() < 0.5 ? generateVersion(random) : mutate(random, a);
    if (parses(a) && parses(b)) pairs.push([a, b]);
  }
  return pairs;
}

const describeIfDpkg = dpkgAvailable() ? describe : describe.skip;
const suiteName = dpkgAvailable()
  ? 'compareDebian agrees with dpkg --compare-versions'
  : 'compareDebian agrees with dpkg --compare-versions (SKIPPED: dpkg is not on PATH)';

describeIfDpkg(suiteName, () => {
  it('on 600 generated pairs (random and near-neighbour versions)', () => {
    const pairs = generatePairs(600);
    const mismatches = pairs
      .map(([a, b]) => ({ a, b, ours: compareDebian(a, b), dpkg: dpkgCompare(a, b) }))
      .filter((row) => row.ours !== row.dpkg);
    expect(mismatches).toEqual([]);
    const outcomes = new Set(pairs.map(([a, b]) => compareDebian(a, b)));
    expect(outcomes).toEqual(new Set([-1, 0, 1]));
  });
});
