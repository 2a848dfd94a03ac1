import { ReplicaRecord } from '../replication/replica-record.entity';
import { Initial1763800000000 } from './migrations/1763800000000-initial';

export const REPLICATOR_SCHEMA = 'replicator';
export const REPLICATOR_ENTITIES = [ReplicaRecord];
export const REPLICATOR_MIGRATIONS = [Initial1763800000000];
