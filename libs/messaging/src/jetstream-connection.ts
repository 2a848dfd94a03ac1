import { connect } from '@nats-io/transport-node';
import { NatsConnection, nanos } from '@nats-io/nats-core';
import { jetstream, jetstreamManager, JetStreamClient, JetStreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import { DEAD_LETTER_PREFIX, SUBJECT_PREFIX } from '@patchproof/contracts';

export const PIPELINE_STREAM = 'PATCHPROOF';
export const DEAD_LETTER_STREAM = 'PATCHPROOF_DEADLETTER';

export interface JetStreamOptions {
  url: string;
  /** Connection name shown by the server (service name and pid). */
  name: string;
  /** How long JetStream remembers message ids to drop duplicate publishes. */
  duplicateWindowMs: number;
}

export interface JetStreamHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

export async function connectJetStream(options: JetStreamOptions): Promise<JetStreamHandles> {
  const nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, options.duplicateWindowMs);
  return { nc, js: jetstream(nc), jsm };
}

/** Streams are defined in code and converge on start-up: created when missing, updated when they drift. */
export async function ensureStreams(jsm: JetStreamManager, duplicateWindowMs: number): Promise<void> {
  const definitions = [
    {
      name: PIPELINE_STREAM,
      subjects: [`${SUBJECT_PREFIX}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(14 * 24 * 3600 * 1000),
      duplicate_window: nanos(duplicateWindowMs),
    },
    {
      name: DEAD_LETTER_STREAM,
      subjects: [`${DEAD_LETTER_PREFIX}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(30 * 24 * 3600 * 1000),
      duplicate_window: nanos(duplicateWindowMs),
    },
  ];
  for (const definition of definitions) {
    try {
      const existing = await jsm.streams.info(definition.name);
      if (existing.config.duplicate_window !== definition.duplicate_window) {
        await jsm.streams.update(definition.name, { ...existing.config, duplicate_window: definition.duplicate_window });
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.streams.add(definition).catch(async (addError: unknown) => {
        // Another service created it at the same moment.
        if (!(await jsm.streams.info(definition.name).then(() => true, () => false))) throw addError;
      });
    }
  }
}

export function isNotFound(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /not found/i.test(text) || (error as { code?: number; api_error?: { code?: number } })?.api_error?.code === 404;
}
