import { describe, expect, it } from 'vitest';

// The public entry point as users import it (package self-reference: `exports` -> dist-lib,
// built by `npm test`'s pretest step, `npm run compile:lib`).
describe("import from 'helm-rbac-lint'", () => {
  it('exports the matcher, the kubelet mapping and the library API', async () => {
    const api = await import('helm-rbac-lint');
    expect(api.ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['*/proxy'], resourceNames: [], nonResourceURLs: [] }, { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy' })).toBe(true);
    expect(api.kubeletAuthorization('/pods', 'GET', { fineGrained: true })).toEqual({ verb: 'get', subresources: ['pods', 'proxy'] });
    for (const name of ['lint', 'diff', 'effectivePermissions', 'whoCan', 'buildModel', 'parseRendered', 'formatSarif', 'formatJson', 'formatMarkdown', 'RULES']) {
      expect(api, name).toHaveProperty(name);
    }
  });
});
