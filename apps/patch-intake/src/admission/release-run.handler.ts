import { Injectable } from '@nestjs/common';
import { EventEnvelope, ReplicaReleasedV1 } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { AdmissionPass } from './admission-pass.service';
import { Run } from './run.entity';

/** Use case: a run's replica is released, so its admission slot is free; admit the next runs. */
@Injectable()
export class ReleaseRunHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly admission: AdmissionPass) {}

  async execute(event: EventEnvelope<ReplicaReleasedV1>, inbox: InboxKey): Promise<void> {
    const { run, verdict } = event.payload;
    await this.unitOfWork.run(inbox, async (tx) => {
      // Only an active run holds a slot; a release of a cancelled or unknown run changes nothing.
      await tx.manager.update(Run, { runId: run.runId, state: 'active' }, { state: 'released', releasedAt: new Date(), verdict });
    });
    await this.admission.trigger();
  }
}
