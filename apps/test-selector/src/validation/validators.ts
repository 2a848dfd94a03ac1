import { isRegexPattern } from '@patchproof/test-selection';
import { parseVersionRange } from '@patchproof/versioning';
import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

export function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** A string that compiles as a JavaScript regular expression. */
export function IsRegExp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isRegExp',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.length <= 1000 && compiles(value),
      defaultMessage: buildMessage((each) => `${each}$property must be a valid regular expression (at most 1000 characters)`, options),
    },
  }, options);
}

/** A flat object of string values whose keys are parameter names. */
export function IsParameterMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isParameterMap',
    validator: {
      validate: (value: unknown) =>
        value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length <= 50 &&
        Object.entries(value).every(([key, item]) => /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(key) && typeof item === 'string' && item.length <= 1000),
      defaultMessage: buildMessage(() => '$property must map up to 50 parameter names (letters and digits) to strings of at most 1000 characters', options),
    },
  }, options);
}

const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9+._~:@-]{0,199}$/;

export function packagePatternProblem(pattern: string): string | undefined {
  if (!isRegexPattern(pattern)) return PACKAGE_NAME.test(pattern) ? undefined : 'is neither a package name nor a ^...$ regular expression';
  if (!pattern.endsWith('$')) return 'a regular expression must be anchored at both ends (^...$)';
  return compiles(pattern) ? undefined : 'is not a valid regular expression';
}

/** Per OS family, a non-empty list of package names or ^...$ regular expressions. */
export function IsPackagePatterns(families: readonly string[], options?: ValidationOptions): PropertyDecorator {
  const problem = (value: unknown): string | undefined => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object keyed by OS family';
    const entries = Object.entries(value);
    if (entries.length === 0) return 'must name patterns for at least one OS family';
    for (const [family, patterns] of entries) {
      if (!families.includes(family)) return `${family} is not an OS family (${families.join(', ')})`;
      if (!Array.isArray(patterns) || patterns.length === 0 || patterns.length > 50) return `${family} must be a list of 1-50 patterns`;
      for (const [index, pattern] of patterns.entries()) {
        const why = typeof pattern === 'string' ? packagePatternProblem(pattern) : 'must be a string';
        if (why) return `${family}[${index}] ${why}`;
      }
    }
    return undefined;
  };
  return ValidateBy({
    name: 'isPackagePatterns',
    validator: {
      validate: (value: unknown) => problem(value) === undefined,
      defaultMessage: (args) => `${args?.property} must map OS families to package names or ^...$ expressions: ${problem(args?.value) ?? 'invalid'}`,
    },
  }, options);
}

/** A version range that @patchproof/versioning can parse (">=15 <16", "*", "<1.0 || >=2.0"). */
export function IsVersionRange(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isVersionRange',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || value.length > 200) return false;
        try {
          parseVersionRange(value);
          return true;
        } catch {
          return false;
        }
      },
      defaultMessage: buildMessage(() => '$property must be a version range like ">=15 <16", "*" or "<1.0 || >=2.0"', options),
    },
  }, options);
}

function isSqlCell(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Expected SQL rows: up to 1000 rows of up to 100 scalar cells (string, number, boolean, null). */
export function IsSqlRows(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isSqlRows',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.length <= 1000 &&
        value.every((row) => Array.isArray(row) && row.length <= 100 && row.every(isSqlCell)),
      defaultMessage: buildMessage(() => '$property must be a list of rows, each a list of strings, numbers, booleans or nulls', options),
    },
  }, options);
}
