#!/usr/bin/env node
// Runs the compiled CLI; builds the repository first when it has not been built yet.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'tools', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('patchproof: building the project first (npm run build)…\n');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
require(entry);
