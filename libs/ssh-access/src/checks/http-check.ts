import { VmAccessError } from '@patchproof/vm-access';
import axios from 'axios';
import { Agent } from 'node:http';
import { addressOf, urlHost } from '../connection/address';
import { squeeze } from '../connection/transcript';
import { CheckContext, CheckOutcome, connectionFailure, remainingMs } from './check-context';
import { HttpCheck } from './definition';

const MAX_BODY_BYTES = 1024 * 1024;

// Every check opens its own connection. Node's global agent keeps connections alive, and a socket
// kept from the previous test is one the server may just be closing (a reload retires the worker
// that owned it): the next test then fails with ECONNRESET although the server is fine.
const FRESH_CONNECTIONS = new Agent({ keepAlive: false });

/** Through the load balancer: its address and port as selection bound them into the parameters. */
function endpoint(check: HttpCheck, context: CheckContext): { host: string; port: number } {
  if (check.via === 'load-balancer') {
    const host = context.parameters.loadBalancerAddress;
    if (!host) throw new VmAccessError('test goes through the load balancer, but no loadBalancerAddress was bound for the replica', context.vm.vmId);
    return { host, port: check.port ?? (Number(context.parameters.loadBalancerPort) || 80) };
  }
  return { host: addressOf(context.vm).host, port: check.port ?? 80 };
}

export function urlOf(check: HttpCheck, context: CheckContext): string {
  const { host, port } = endpoint(check, context);
  return `http://${urlHost(host)}:${port}${check.path.startsWith('/') ? '' : '/'}${check.path}`;
}

/** One GET (no proxy, no redirects followed); passes on the expected status and a body matching the pattern. */
export async function runHttpCheck(check: HttpCheck, context: CheckContext): Promise<CheckOutcome> {
  const url = urlOf(check, context);
  const started = Date.now();
  try {
    const response = await axios.get<string>(url, {
      timeout: remainingMs(context), validateStatus: () => true, responseType: 'text', transformResponse: (body: string) => body,
      maxRedirects: 0, proxy: false, maxContentLength: MAX_BODY_BYTES, httpAgent: FRESH_CONNECTIONS,
    });
    const body = typeof response.data === 'string' ? response.data : String(response.data);
    const statusOk = response.status === check.expectStatus;
    const bodyOk = !check.expectBody || check.expectBody.test(body);
    const verdicts = [...(statusOk ? [] : [`expected ${check.expectStatus}`]), ...(bodyOk ? [] : [`body does not match /${check.expectBody?.source}/`])];
    const output = `GET ${url} → ${response.status}${verdicts.length ? ` (${verdicts.join('; ')})` : ''}\n${squeeze(body, 2000)}`;
    return { passed: statusOk && bodyOk, output, elapsedMs: Date.now() - started, stdout: body };
  } catch (error) {
    return connectionFailure(error, `GET ${url}`, context, started);
  }
}
