import { DeadLetter } from '@patchproof/messaging';
import { parseDeadLetter } from './dead-letter-parsing';

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('parseDeadLetter', () => {
  it('keeps every field of a dead letter, keyed by its own stream sequence', () => {
    const letter: DeadLetter = {
      subject: 'patchproof.run.requested.v1', consumer: 'reporter--patchproof_run_requested_v1', reason: 'invalid', errors: ['id: must be a UUID'],
      deliveryCount: 1, body: '{"id":"x"}', streamSequence: 42, deadAt: '2025-01-01T00:00:00.000Z',
    };
    expect(parseDeadLetter({ streamSeq: 7, subject: 'deadletter.reporter--patchproof_run_requested_v1', data: encode(JSON.stringify(letter)) })).toEqual({
      streamSeq: '7', subject: 'deadletter.reporter--patchproof_run_requested_v1', originalSubject: 'patchproof.run.requested.v1',
      consumer: 'reporter--patchproof_run_requested_v1', reason: 'invalid', errors: ['id: must be a UUID'], deliveryCount: 1,
      body: '{"id":"x"}', originalSeq: '42', deadAt: new Date('2025-01-01T00:00:00.000Z'),
    });
  });

  it('keeps a body that is not a dead letter as it came', () => {
    expect(parseDeadLetter({ streamSeq: 8, subject: 'deadletter.x', data: encode('not json <') })).toMatchObject({
      streamSeq: '8', body: 'not json <', reason: null, errors: [], deadAt: null,
    });
  });
});
