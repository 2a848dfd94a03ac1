import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process, served at /metrics in Prometheus text format. */
export const metricsRegistry = new Registry();
let defaultsCollected = false;

export function collectProcessMetrics(service: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
}

export const eventsPublished = new Counter({
  name: 'patchproof_events_published_total',
  help: 'Events published from the outbox to JetStream, by subject (duplicates dropped by the server included).',
  labelNames: ['subject', 'duplicate'],
  registers: [metricsRegistry],
});

export const eventsConsumed = new Counter({
  name: 'patchproof_events_consumed_total',
  help: 'Events received by a durable consumer, by subject and outcome.',
  labelNames: ['subject', 'outcome'],
  registers: [metricsRegistry],
});

export const handlerDuration = new Histogram({
  name: 'patchproof_event_handler_seconds',
  help: 'Time spent handling one event, by subject.',
  labelNames: ['subject'],
  buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60, 300],
  registers: [metricsRegistry],
});

export const httpRequests = new Counter({
  name: 'patchproof_http_requests_total',
  help: 'HTTP requests served, by method, route and status.',
  labelNames: ['method', 'route', 'status'],
  registers: [metricsRegistry],
});
