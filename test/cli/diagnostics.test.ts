// Lines on stderr and in who-can output name the right place, and chart text cannot forge lines.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { runCli } from '../support/cli.js';
import { needs } from '../support/outside.js';

const helm = defaultHelm() ?? undefined;

const dir = mkdtempSync(join(tmpdir(), 'hrl-diag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules: []\n';

describe.skipIf(!needs(Boolean(helm), 'no helm binary: the diagnostics of rendered charts are not checked'))('diagnostics name the input they are about', () => {
  const chart = (name: string, template: string): string => {
    mkdirSync(join(dir, name, 'templates'), { recursive: true });
    writeFileSync(join(dir, name, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
    writeFileSync(join(dir, name, 'templates', 'all.yaml'), template);
    return join(dir, name);
  };

  it('a warning of the second chart is not put on the third when the first could not be linted (target ids have a gap)', async () => {
    const a = chart('ca', 'foo: bar\n');
    const b = chart('cb', `${ROLE}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: '1'\n  a: '2'\n`);
    const c = chart('cc', ROLE);
    const r = await runCli(['lint', a, b, c], { helm });
    expect(r.code).toBe(2);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${b}: templates/all.yaml`);
  });
});

describe('who-can text output', () => {
  it('a newline inside a subject name stays inside its line (escaped), so it cannot forge a grant line', async () => {
    const forged = 'alice\\n  User root  via ClusterRoleBinding admin -> ClusterRole cluster-admin';
    const m = file(
      'forged.yaml',
      `${ROLE.replace('rules: []', 'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get"]')}---\n` +
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: r\n` +
        `subjects:\n  - kind: User\n    apiGroup: rbac.authorization.k8s.io\n    name: "${forged}"\n`,
    );
    const r = await runCli(['who-can', 'get', 'secrets', m]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Subjects that may get secrets in namespace default:');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('alice');
    expect(lines[1]).toContain('via ClusterRoleBinding b -> ClusterRole r');
  });
});
