import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { AlreadyHandledError } from './unit-of-work';

/** A handler that must wait for another event throws this: the message is redelivered later, quietly. */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/**
 * Hands errors that are part of normal operation (an event that must wait for another, a duplicate
 * that lost the race to its twin) back to the JetStream server, which retries or acks them, without
 * Nest logging each one as an error with a stack trace. Installed globally by the service runtime.
 */
@Catch(RetryLaterError, AlreadyHandledError)
export class ExpectedMessagingErrorsFilter implements RpcExceptionFilter<RetryLaterError | AlreadyHandledError> {
  catch(exception: RetryLaterError | AlreadyHandledError): Observable<never> {
    return throwError(() => exception);
  }
}
