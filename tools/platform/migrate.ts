import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SERVICES } from '@patchproof/supervisor';
import { repoRoot } from './platform-env';

/**
 * `npm run migrate [-- --json]`: applies every service's pending migrations to DATABASE_URL (default:
 * the `patchproof` database on localhost that `npm start` uses), one service schema at a time, without
 * starting the services. The services also migrate at start-up unless MIGRATIONS_RUN=false.
 */
function main(): void {
  const root = repoRoot();
  const json = process.argv.includes('--json');
  const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/patchproof' };
  let failed = false;
  for (const service of SERVICES) {
    const script = join(root, 'dist', 'apps', service.name, 'src', 'database', 'data-source.js');
    const result = spawnSync(process.execPath, [script, ...(json ? ['--json'] : [])], { env, cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      failed = true;
      if (!json) console.error(`patchproof migrate: ${service.name} failed; stopping`);
      break;
    }
  }
  process.exitCode = failed ? 1 : 0;
}

main();
