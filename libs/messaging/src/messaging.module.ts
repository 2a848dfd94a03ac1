import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { connectJetStream, JetStreamHandles } from './jetstream-connection';
import { ConsumerOptions, JetStreamServer } from './jetstream.server';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';
import { UnitOfWork } from './unit-of-work';

export const JETSTREAM = Symbol('JETSTREAM');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  natsUrl: string;
  /** The service's own PostgreSQL schema, where its outbox and inbox live. */
  schema: string;
  duplicateWindowMs: number;
  consumer: ConsumerOptions;
  relay: OutboxRelayOptions;
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(JETSTREAM) private readonly handles: JetStreamHandles, private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Before TypeORM closes its pool: the relay still needs the database to finish its batch. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handles.nc.drain().catch(() => undefined);
  }
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: JETSTREAM,
          useFactory: () => connectJetStream({ url: options.natsUrl, name: `${options.consumer.service}-${process.pid}`, duplicateWindowMs: options.duplicateWindowMs }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, JETSTREAM],
          useFactory: (dataSource: DataSource, handles: JetStreamHandles) => new OutboxRelay(dataSource, handles.js, options.schema, options.relay),
        },
        { provide: UnitOfWork, inject: [DataSource, OutboxRelay], useFactory: (dataSource: DataSource, relay: OutboxRelay) => new UnitOfWork(dataSource, relay) },
        {
          provide: JetStreamServer,
          inject: [JETSTREAM, UnitOfWork],
          useFactory: (handles: JetStreamHandles, unitOfWork: UnitOfWork) => new JetStreamServer(handles, unitOfWork, options.consumer),
        },
        MessagingLifecycle,
      ],
      exports: [JETSTREAM, OutboxRelay, UnitOfWork, JetStreamServer, MESSAGING_OPTIONS],
    };
  }
}
