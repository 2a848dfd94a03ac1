import { EventPattern } from '@nestjs/microservices';
import { Subject } from '@patchproof/contracts';

/**
 * Marks a message-controller method as the handler of one contract subject. Its durable consumer,
 * validation, inbox and acknowledgement are the JetStreamServer's; the method calls one use case.
 */
export function OnEvent(subject: Subject): MethodDecorator {
  return EventPattern(subject) as MethodDecorator;
}
