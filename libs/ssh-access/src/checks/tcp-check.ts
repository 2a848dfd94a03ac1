import { VmAccessError } from '@patchproof/vm-access';
import { connect } from 'node:net';
import { addressOf } from '../connection/address';
import { CheckContext, CheckOutcome, connectionFailure, remainingMs } from './check-context';
import { TcpCheck } from './definition';

function open(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    socket.once('connect', () => done());
    socket.once('error', done);
  });
}

/** Passes when a TCP connection to the port opens. */
export async function runTcpCheck(check: TcpCheck, context: CheckContext): Promise<CheckOutcome> {
  if (check.port === undefined) throw new VmAccessError('tcp test has no port: selection could not bind the service\'s listening port', context.vm.vmId);
  const { host } = addressOf(context.vm);
  const started = Date.now();
  try {
    await open(host, check.port, remainingMs(context));
    return { passed: true, output: `connected to ${host}:${check.port} in ${Date.now() - started} ms`, elapsedMs: Date.now() - started };
  } catch (error) {
    return connectionFailure(error, `connect to ${host}:${check.port}`, context, started);
  }
}
