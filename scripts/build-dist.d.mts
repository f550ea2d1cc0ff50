export declare const ROOT: string;
export declare const LICENSES_FILE: string;
export declare const BUNDLES: { entry: string; file: string; target: string }[];
export declare function bundleOptions(bundle: { entry: string; file: string; target: string }, outDir: string): Record<string, unknown>;
export declare function buildDist(outDir?: string): Promise<string[]>;
