import { randomBytes } from 'node:crypto';

/** A new W3C traceparent for work that starts outside the bus (an HTTP request). */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** The same trace, a new span: what each hop records as its own position in the trace. */
export function childTraceparent(parent: string): string {
  const [version, traceId, , flags] = parent.split('-');
  return `${version}-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}
