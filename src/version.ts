// Kept in step with package.json by test/version.test.ts (no fs read at start-up).
export const VERSION = '0.1.0';
export const TOOL = { name: 'helm-rbac-lint', version: VERSION } as const;
