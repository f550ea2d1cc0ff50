import { describe, expect, it } from 'vitest';
import secretWrite from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const inNamespace = (rules: string) => role('apps', 'r', rules) + rb('apps', 'b', 'Role', 'r');
const S = (verbs: string[], names: string[] = []) => rule([''], ['secrets'], verbs, names);

// Matching: RuleAllows (evaluation_helpers.go); scope: VisitRulesFor. Token minting:
// tokens_controller.go syncSecret → generateTokenIfNeeded fills any service-account-token Secret
// naming an existing ServiceAccount. A create request carries no name (requestinfo.go), so a rule
// with resourceNames never allows it (ResourceNameMatches needs a name).
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'create + get cluster-wide', source: 'mint a token Secret in any namespace and read it back', yaml: bound(S(['get', 'create'])), expected: ['critical ClusterRole/r'] },
  { name: 'update cluster-wide', source: 'PUT → update: rewrite credentials everywhere', yaml: bound(S(['update'])), expected: ['critical ClusterRole/r'] },
  { name: 'patch in a namespace', source: 'VisitRulesFor: RoleBinding namespace', yaml: inNamespace(S(['patch'])), expected: ['high Role/r'] },
  { name: 'create + get in a namespace', source: 'token for any ServiceAccount of the namespace', yaml: inNamespace(S(['get', 'create'])), expected: ['high Role/r'] },
  { name: 'create, read through another rule of the role', source: 'the role holds both', yaml: inNamespace(S(['create']) + S(['list'])), expected: ['high Role/r'] },
  { name: 'create without any read in the role', source: 'the token lands in the Secret, reading it needs another grant', yaml: inNamespace(S(['create'])), expected: ['medium Role/r'] },
  { name: 'create without read, cluster-wide', source: 'critical one level lower', yaml: bound(S(['create'])), expected: ['high ClusterRole/r'] },
  { name: 'create with get on a named Secret only', source: 'ResourceNameMatches: the created Secret may carry that name', yaml: inNamespace(S(['create']) + S(['get'], ['own'])), expected: ['high Role/r'] },
  { name: 'update with resourceNames', source: 'ResourceNameMatches: only those Secrets', yaml: inNamespace(S(['get', 'update'], ['app-tls'])), expected: ['medium Role/r'] },
  { name: 'create with resourceNames never matches', source: 'create carries no name', yaml: inNamespace(S(['create'], ['app-tls'])), expected: [] },
  { name: 'read only', source: 'secrets-read reports it', yaml: bound(S(['get', 'list', 'watch'])), expected: [] },
  { name: 'delete is not a write of content', source: 'destructive-delete reports it', yaml: bound(S(['delete'])), expected: [] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(S(['*'])), expected: ['critical ClusterRole/r'] },
  { name: 'apiGroups "*" and resources "*"', source: 'APIGroupAll + ResourceAll', yaml: bound(rule(['*'], ['*'], ['patch'])), expected: ['critical ClusterRole/r'] },
  { name: 'secrets in another group', source: 'APIGroupMatches: exact', yaml: bound(rule(['apps'], ['secrets'], ['create'])), expected: [] },
  { name: 'unbound ClusterRole is latent', source: 'judged as bound cluster-wide, then one level lower', yaml: clusterRole('r', S(['update'])), expected: ['high ClusterRole/r'] },
  { name: 'ClusterRole bound by a RoleBinding', source: 'VisitRulesFor: that namespace', yaml: clusterRole('r', S(['update'])) + rb('apps', 'b', 'ClusterRole', 'r'), expected: ['high ClusterRole/r'] },
];

describe('secret-write', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(secretWrite, yaml))).toEqual(expected);
  });

  it('says a role that can read Secrets mints and reads back tokens', () => {
    const [f] = runRule(secretWrite, inNamespace(S(['get', 'list', 'watch', 'update', 'create'])));
    expect(f?.message).toBe(
      'Role r grants update, create on secrets to apps/sa within namespace apps: the holder can create a kubernetes.io/service-account-token Secret for any ServiceAccount of the namespace, read back the token the controller writes into it, and act as that account, and can rewrite existing Secrets (TLS keys, registry and cloud credentials, webhook CAs).',
    );
  });

  it('says what create alone still leads to', () => {
    const [f] = runRule(secretWrite, bound(S(['create'])));
    expect(f?.message).toMatch(/grants create on secrets to monitoring\/sa: the holder can create a kubernetes.io\/service-account-token Secret for any ServiceAccount of every namespace \(the controller writes a non-expiring token into it/);
  });
});
