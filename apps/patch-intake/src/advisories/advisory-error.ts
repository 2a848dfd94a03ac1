/**
 * An advisory that cannot become a patch. `errors` are "field: problem" lines naming the field
 * of the input (or the patch field) at fault, like describeValidationErrors() in contracts.
 */
export class AdvisoryError extends Error {
  readonly errors: readonly string[];

  constructor(errors: readonly string[]) {
    super(errors.join('; '));
    this.name = 'AdvisoryError';
    this.errors = errors;
  }

  static at(path: string, problem: string): AdvisoryError {
    return new AdvisoryError([`${path}: ${problem}`]);
  }
}
