// Child-process entry of robust-io.test.ts: parses a manifest and reports the heap it keeps.
// Run as `node --expose-gc <bundle> <file>`; prints one JSON line.
import { readFileSync } from 'node:fs';
import { parseRendered } from '../../src/parse/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

const file = process.argv[2] as string;
const text = readFileSync(file, 'utf8');
const withText = heap();
const result = parseRendered(text, { target: 0, chartName: null, manifestFile: file });
const withResult = heap();
process.stdout.write(
  `${JSON.stringify({ textBytes: text.length, retainedBytes: withResult - withText, documents: result.documents, kubernetesObjects: result.kubernetesObjects, objects: result.objects.length, issues: result.issues.length })}\n`,
);
