import { main } from './main.js';
import { processIO } from './io.js';

// A reader that goes away (`helm-rbac-lint … | head`) is not an error worth a stack trace:
// stop writing and keep the exit code the run had.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// The process edge: argv in, exit code out. Everything else is testable through main().
const code = await main(process.argv.slice(2), processIO());
process.exitCode = code;
