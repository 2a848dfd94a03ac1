/** Base class of every error this library throws, so callers can tell driver failures apart. */
export class LocalVmError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The host cannot run namespace VMs (not root, not Linux, tools missing, ...). */
export class LocalDriverUnsupportedError extends LocalVmError {}

/** An environment, replica or server that the caller named does not exist. */
export class NotFoundError extends LocalVmError {}

export interface TemplateIssue {
  /** Where in the template, e.g. `resources.db.properties.networks[0]`. */
  path: string;
  message: string;
}

/** Every subnet of the configured address pool is in use: delete environments or widen the pool. */
export class AddressPoolExhaustedError extends LocalVmError {}

/** A template failed to parse or validate; `issues` lists every problem found, each naming its field. */
export class TemplateValidationError extends LocalVmError {
  constructor(readonly issues: TemplateIssue[]) {
    super(`invalid template:\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`);
  }
}

/** A host command exited badly; carries the argv and the tail of its stderr. */
export class HostCommandError extends LocalVmError {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${command} ${args.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim().slice(-2000)}`);
  }
}
