import { BaseRpcContext } from '@nestjs/microservices';
import { JsMsg } from '@nats-io/jetstream';
import { EventEnvelope } from '@patchproof/contracts';
import { InboxKey } from './unit-of-work';

/** What a message controller gets beside the payload: the inbox key and delivery facts. */
export class JetStreamContext extends BaseRpcContext<[JsMsg, string, EventEnvelope]> {
  get message(): JsMsg {
    return this.args[0];
  }

  get consumer(): string {
    return this.args[1];
  }

  get deliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }

  get inboxKey(): InboxKey {
    return { consumer: this.args[1], eventId: this.args[2].id };
  }
}
