// The Action's entry point (action.yml runs the bundle of this file, dist/action.js).
import { run } from './main.js';

process.exitCode = await run();
