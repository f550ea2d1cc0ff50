// Types of bin/prestart.js for the tests (test/cli/prestart.test.ts).
export interface RenderSettings {
  namespace: string;
  set: string[];
  setString: string[];
}
export declare const PRESTART_KEY: unique symbol;
export declare const ASSUMED_KUBE_VERSION: string;
export declare function releaseNameFor(chartName: string): string;
export declare function plainChartName(chartYaml: string): string | null;
export declare function pluginDefaults(env: NodeJS.ProcessEnv, cwd: string): { namespace: string | null; debug: boolean; env: NodeJS.ProcessEnv };
export declare function parseCommandLine(argv: string[], namespace?: string): { command: 'lint' | 'diff'; charts: string[]; settings: RenderSettings } | null;
export declare function hasConfig(chartDir: string): boolean;
export declare function templateArgs(chartDir: string, settings: RenderSettings, release: string): string[];
export declare function helmCommandFor(root: string, settings: RenderSettings, checkConfig: boolean): { root: string; args: string[] } | null;
export declare function chartRootsOf(arg: string, cwd: string): string[] | null;
export declare function helmEnv(env: NodeJS.ProcessEnv, memory?: number, renders?: number): NodeJS.ProcessEnv;
export declare function cacheOptions(argv: string[]): { rest: string[]; location: string | null } | null;
export declare function prestart(argv?: string[], env?: NodeJS.ProcessEnv, cwd?: string): Promise<boolean>;
