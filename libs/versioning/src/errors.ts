/** A version string that the named scheme cannot parse. */
export class VersionSyntaxError extends Error {
  constructor(
    readonly scheme: string,
    readonly version: string,
    readonly reason: string,
  ) {
    super(`${scheme} version ${JSON.stringify(version)} is invalid: ${reason}`);
    this.name = 'VersionSyntaxError';
  }
}

/** An ecosystem name that maps to no known version scheme. */
export class UnknownEcosystemError extends Error {
  constructor(
    readonly ecosystem: string,
    supported: readonly string[],
  ) {
    super(`unknown ecosystem ${JSON.stringify(ecosystem)}: supported ecosystems are ${supported.join(', ')}`);
    this.name = 'UnknownEcosystemError';
  }
}

/** A version range expression that cannot be parsed. */
export class VersionRangeSyntaxError extends Error {
  constructor(
    readonly range: string,
    readonly reason: string,
  ) {
    super(`version range ${JSON.stringify(range)} is invalid: ${reason}`);
    this.name = 'VersionRangeSyntaxError';
  }
}
