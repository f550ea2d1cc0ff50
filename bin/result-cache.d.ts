// Types of bin/result-cache.js for the tests (test/cli/prestart.test.ts).
export declare const RESULT_KEY: unique symbol;
export declare const RESULT_FORMAT: string;
export declare function resultEntry(run: {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  chartRoots: string[];
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  location: string | null;
}): { file: string } | null;
export declare function readResult(file: string): { stdout: string; stderr: string; code: 0 | 1 } | null;
export declare function cacheDir(location: string | null, cwd: string, chartRoots?: string[], env?: NodeJS.ProcessEnv): string;
