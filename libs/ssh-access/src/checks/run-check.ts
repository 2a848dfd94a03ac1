import { CheckContext, CheckOutcome } from './check-context';
import { Check } from './definition';
import { runHttpCheck } from './http-check';
import { runSqlCheck } from './sql-check';
import { runSshCheck } from './ssh-check';
import { runTcpCheck } from './tcp-check';

export function runCheck(check: Check, context: CheckContext): Promise<CheckOutcome> {
  switch (check.kind) {
    case 'ssh':
      return runSshCheck(check, context);
    case 'http':
      return runHttpCheck(check, context);
    case 'tcp':
      return runTcpCheck(check, context);
    case 'sql':
      return runSqlCheck(check, context);
  }
}
