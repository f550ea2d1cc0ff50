import { main } from './main.js';
import { processIO } from './io.js';
import { discardPrestarted } from '../api/index.js';
import { pendingResultFile, recordingIO, storeResult } from './result-cache.js';

// Renders bin/prestart.js started that the command never used must not outlive it.
process.on('exit', discardPrestarted);

// A reader that goes away (`helm-rbac-lint … | head`) is not an error worth a stack trace:
// stop writing and keep the exit code the run had.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// The process edge: argv in, exit code out. Everything else is testable through main().
// A `lint --cache` run that bin/result-cache.js may replay later keeps what it printed.
const resultFile = pendingResultFile();
const recorder = resultFile ? recordingIO(processIO()) : null;
const code = await main(process.argv.slice(2), recorder?.io ?? processIO());
if (resultFile && recorder) storeResult(resultFile, { ...recorder.written(), code });
process.exitCode = code;
