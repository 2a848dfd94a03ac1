import { ensureInfrastructure, MissingInfrastructureError, Supervisor } from '@patchproof/supervisor';
import { bootstrapKey, repoRoot, secretKey } from './platform-env';

/** `npm start`: the seven services, no demo data, until SIGTERM or Ctrl-C. */
async function main(): Promise<void> {
  const log = (line: string) => console.log(`patchproof: ${line}`);
  const root = repoRoot();
  const infrastructure = await ensureInfrastructure(log);
  const key = bootstrapKey(root);
  const supervisor = new Supervisor({
    root,
    env: {
      ...process.env,
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      PATCHPROOF_BOOTSTRAP_KEY: key.key,
      PATCHPROOF_SECRET_KEY: secretKey(root),
    },
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping services`);
    await supervisor.stopAll();
    await infrastructure.stop();
    log('stopped');
    if (signal.startsWith('SIG')) process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  try {
    await supervisor.startAll();
  } catch (error) {
    await supervisor.stopAll();
    await infrastructure.stop();
    throw error;
  }
  supervisor.keepRunning({ log, onGiveUp: () => void stop('a service kept crashing').then(() => process.exit(1)) });
  log(`all services healthy; operator API key in ${key.source}`);
  for (const [name, service] of supervisor.services) log(`${name.padEnd(14)} ${service.url}  (OpenAPI ${service.url}/docs)`);
}

main().catch((error: unknown) => {
  console.error(`patchproof: ${error instanceof MissingInfrastructureError ? error.message : (error as Error).stack ?? error}`);
  process.exit(1);
});
