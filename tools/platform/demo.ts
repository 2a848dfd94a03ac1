import { MissingInfrastructureError } from '@patchproof/supervisor';
import { runFakeDemo } from './demo-fake';
import { runLocalDemo } from './demo-local';
import { localUnsupportedReason } from './local-site';

/**
 * `npm run demo [-- --json]`: real namespace VMs (the `local` provider) when this host can run them
 * (root on Linux), else the `fake` provider's simulated cloud; says which and why.
 */
async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const unsupported = process.argv.includes('--fake') ? 'asked for with --fake' : localUnsupportedReason();
  const say = (line: string) => { if (!json) console.log(line); };
  if (unsupported === undefined) {
    say('patchproof demo: local provider — real VMs as Linux namespaces on this host (root on Linux: supported)');
    const deviations = await runLocalDemo(json);
    if (deviations.length > 0) {
      console.error(`patchproof demo: the story did not hold:\n${deviations.map((line) => `  - ${line}`).join('\n')}`);
      process.exitCode = 1;
    }
  } else {
    say(`patchproof demo: fake provider — a SIMULATED cloud, because the local provider cannot run here: ${unsupported}`);
    await runFakeDemo(json);
  }
}

main().catch((error: unknown) => {
  console.error(`patchproof demo: ${error instanceof MissingInfrastructureError ? error.message : (error as Error).stack ?? error}`);
  process.exit(1);
});
