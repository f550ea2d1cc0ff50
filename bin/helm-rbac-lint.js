#!/usr/bin/env node
// Entry point of the npm bin, the pre-commit hook and the Helm plugin: the bundled CLI
// (dist/cli.js, every dependency inside, built by `npm run build:dist` and committed, so an
// install from git or npm needs no build step and no dev dependency). For the common command
// lines, `helm template` starts first, while the bundle loads, and `lint --cache` of unchanged
// inputs replays the stored result without loading it (bin/prestart.js).
import { prestart } from './prestart.js';

if (!(await prestart())) await import('../dist/cli.js');
