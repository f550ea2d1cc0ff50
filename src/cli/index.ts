import { main } from './main.js';
import { processIO } from './io.js';

// The process edge: argv in, exit code out. Everything else is testable through main().
const code = await main(process.argv.slice(2), processIO());
process.exitCode = code;
