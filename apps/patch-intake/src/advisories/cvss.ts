import { Severity } from '@patchproof/contracts';

export interface CvssScore {
  version: '2.0' | '3.0' | '3.1';
  baseScore: number;
  severity: Severity;
}

type Weights = Readonly<Record<string, Readonly<Record<string, number>>>>;

const V3_WEIGHTS: Weights = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { N: 0.85, L: 0.62, H: 0.27 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 1 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};
const V3_PR_SCOPE_CHANGED: Readonly<Record<string, number>> = { N: 0.85, L: 0.68, H: 0.5 };

const V2_WEIGHTS: Weights = {
  AV: { L: 0.395, A: 0.646, N: 1 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  C: { N: 0, P: 0.275, C: 0.66 },
  I: { N: 0, P: 0.275, C: 0.66 },
  A: { N: 0, P: 0.275, C: 0.66 },
};

/** "KEY:VALUE/..." → weights of the base metrics; undefined if one is missing, repeated or unknown. */
function baseMetrics(parts: readonly string[], weights: Weights): Map<string, string> | undefined {
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (value === undefined || extra !== undefined || metrics.has(key)) return undefined;
    metrics.set(key, value);
  }
  const complete = Object.entries(weights).every(([key, values]) => values[metrics.get(key) ?? ''] !== undefined);
  return complete ? metrics : undefined;
}

function weight(weights: Weights, metrics: Map<string, string>, key: string): number {
  return weights[key][metrics.get(key) ?? ''];
}

/** CVSS v3.1 Roundup (avoids floating-point artefacts); v3.0 used a plain ceiling. */
function roundUp(value: number, version: '3.0' | '3.1'): number {
  if (version === '3.0') return Math.ceil(value * 10) / 10;
  const integer = Math.round(value * 100000);
  return integer % 10000 === 0 ? integer / 100000 : (Math.floor(integer / 10000) + 1) / 10;
}

function v3Severity(score: number): Severity {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  return score < 9 ? 'high' : 'critical';
}

function scoreV3(version: '3.0' | '3.1', parts: readonly string[]): CvssScore | undefined {
  const metrics = baseMetrics(parts, V3_WEIGHTS);
  if (!metrics) return undefined;
  const w = (key: string): number => weight(V3_WEIGHTS, metrics, key);
  const changed = metrics.get('S') === 'C';
  const iss = 1 - (1 - w('C')) * (1 - w('I')) * (1 - w('A'));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const pr = changed ? V3_PR_SCOPE_CHANGED[metrics.get('PR') ?? ''] : w('PR');
  const exploitability = 8.22 * w('AV') * w('AC') * pr * w('UI');
  const raw = impact <= 0 ? 0 : Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10);
  const baseScore = impact <= 0 ? 0 : roundUp(raw, version);
  return { version, baseScore, severity: v3Severity(baseScore) };
}

function scoreV2(parts: readonly string[]): CvssScore | undefined {
  const metrics = baseMetrics(parts, V2_WEIGHTS);
  if (!metrics) return undefined;
  const w = (key: string): number => weight(V2_WEIGHTS, metrics, key);
  const impact = 10.41 * (1 - (1 - w('C')) * (1 - w('I')) * (1 - w('A')));
  const exploitability = 20 * w('AV') * w('AC') * w('Au');
  const baseScore = impact === 0 ? 0 : Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * 1.176 * 10) / 10;
  const severity: Severity = baseScore < 4 ? 'low' : baseScore < 7 ? 'medium' : 'high';
  return { version: '2.0', baseScore, severity };
}

const V2_BASE_KEYS = ['AV', 'AC', 'Au', 'C', 'I', 'A'];

/**
 * The base score of a CVSS v3.0/v3.1 vector ("CVSS:3.1/AV:N/...") or a v2 vector ("AV:N/AC:L/Au:N/...").
 * Temporal and environmental metrics are ignored. v4.0 and malformed vectors give undefined:
 * CVSS v4 scores come from a lookup table of macro-vectors that this code does not carry.
 */
export function scoreCvssVector(vector: string): CvssScore | undefined {
  const parts = vector.trim().replace(/^\((.*)\)$/, '$1').split('/');
  const prefix = /^CVSS:(\d\.\d)$/.exec(parts[0]);
  if (prefix && (prefix[1] === '3.0' || prefix[1] === '3.1')) return scoreV3(prefix[1], parts.slice(1));
  if (prefix) return prefix[1] === '2.0' ? scoreV2(parts.slice(1).filter((part) => V2_BASE_KEYS.includes(part.split(':')[0]))) : undefined;
  return scoreV2(parts.filter((part) => V2_BASE_KEYS.includes(part.split(':')[0])));
}
