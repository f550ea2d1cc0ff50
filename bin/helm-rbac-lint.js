#!/usr/bin/env node
// Entry point of the npm bin, the pre-commit hook and the Helm plugin: the bundled CLI
// (dist/cli.js, every dependency inside, built by `npm run build`).
await import('../dist/cli.js');
