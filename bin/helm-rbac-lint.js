#!/usr/bin/env node
// Entry point of the npm bin: runs the compiled CLI.
await import('../dist-lib/src/cli/index.js');
