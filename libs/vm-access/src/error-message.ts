/** The message of anything thrown, for a failure reason or a result's output. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
