import { PatchSpec } from '../events/patch';
import { causedBy, createEvent, InvalidEventError } from './create-event';

const PATCH: PatchSpec = {
  id: 'DSA-5001-1', title: 'openssl', severity: 'high', source: 'native', advisoryIds: [],
  packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15' }], publishedAt: '2025-01-01T00:00:00.000Z',
};
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ORIGIN = { causationId: '00000000-0000-4000-8000-00000000000a', correlationId: '00000000-0000-4000-8000-00000000000a', trace: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` } };

describe('createEvent trace context', () => {
  it('keeps the trace id and gives each event its own span, derived from its id', () => {
    const published = createEvent('patchproof.patch.published.v1', { patch: PATCH, runsCreated: 0 }, ORIGIN);
    const [, traceId, spanId] = published.trace!.traceparent.split('-');
    expect(traceId).toBe(TRACE_ID);
    expect(spanId).not.toBe('00f067aa0ba902b7');
    expect(spanId).toBe(published.id.replace(/-/g, '').slice(0, 16));
    const next = createEvent('patchproof.patch.published.v1', { patch: PATCH, runsCreated: 0 }, causedBy(published));
    expect(next.trace!.traceparent.split('-')[1]).toBe(TRACE_ID);
    expect(next.trace!.traceparent).not.toBe(published.trace!.traceparent);
  });

  it('rejects a malformed traceparent, naming the field', () => {
    const bad = { ...ORIGIN, trace: { traceparent: 'not-a-trace' } };
    expect(() => createEvent('patchproof.patch.published.v1', { patch: PATCH, runsCreated: 0 }, bad)).toThrow(InvalidEventError);
    expect(() => createEvent('patchproof.patch.published.v1', { patch: PATCH, runsCreated: 0 }, bad)).toThrow(/trace/);
  });
});
