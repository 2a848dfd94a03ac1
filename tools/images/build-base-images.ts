// Builds (or reuses) the base images the shipped local-driver templates need, printing progress.
//   npm run build && node dist/tools/images/build-base-images.js [--images-dir DIR] [--packages a,b] [template.yaml ...]
// Without template arguments it reads libs/local-vm/templates/*.yaml (run it from the repository root).
// Installs mmdebstrap on the host first when it is missing (apt-get, the host's own sources).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BaseImage,
  DEFAULT_IMAGES_DIR,
  Template,
  checkLocalDriverSupport,
  ensureBaseImage,
  ensureHostPackages,
  loadTemplateFile,
  resolveConfig,
} from '@patchproof/local-vm';

interface Arguments {
  imagesDir: string;
  extraPackageSets: string[][];
  templates: string[];
}

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = { imagesDir: DEFAULT_IMAGES_DIR, extraPackageSets: [], templates: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--images-dir') args.imagesDir = argv[++index];
    else if (arg === '--packages') args.extraPackageSets.push(argv[++index].split(',').filter(Boolean));
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else args.templates.push(resolve(arg));
  }
  if (args.templates.length === 0 && args.extraPackageSets.length === 0) {
    const dir = resolve('libs/local-vm/templates');
    args.templates = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort().map((name) => join(dir, name));
  }
  return args;
}

function packageSetsOf(template: Template): string[][] {
  return [...template.servers.map((server) => server.packages), ...template.loadBalancers.map(() => ['haproxy'])];
}

function log(message: string): void {
  console.log(`${new Date().toISOString().slice(11, 19)} ${message}`);
}

function diskUsage(dir: string): string {
  return execFileSync('du', ['-sh', dir], { encoding: 'utf8' }).split('\t')[0];
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const support = checkLocalDriverSupport();
  if (!support.ok) throw new Error(`cannot build images here: ${support.reason}`);
  await ensureHostPackages(log);
  const config = resolveConfig({ imagesDir: args.imagesDir });
  const sets = [...args.extraPackageSets];
  for (const file of args.templates) {
    log(`template ${file}`);
    sets.push(...packageSetsOf(await loadTemplateFile(file)));
  }
  const results: { image: BaseImage; reused: boolean; seconds: number }[] = [];
  for (const packages of sets) {
    const started = Date.now();
    const options = { imagesDir: config.imagesDir, suite: config.suite, aptSources: config.aptSources, onProgress: log };
    const { image, reused } = await ensureBaseImage(packages, options);
    if (!results.some((result) => result.image.id === image.id)) results.push({ image, reused, seconds: (Date.now() - started) / 1000 });
  }
  for (const { image, reused, seconds } of results) {
    const extra = image.packages.join(' ');
    log(`${image.id}  ${reused ? 'reused' : `built in ${seconds.toFixed(1)} s`}  ${diskUsage(image.rootfs)}  ${extra}`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
