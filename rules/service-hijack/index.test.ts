import { describe, expect, it } from 'vitest';
import serviceHijack from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');

// Matching: RuleAllows (evaluation_helpers.go); subresources: ResourceMatches compares
// `resource/subresource` (services/status is not services, `*/status` matches it). Verbs:
// services/status is a StatusREST (Get + Update, service/storage/storage.go): update and patch,
// no create. Services, Endpoints and EndpointSlices are namespaced (VisitRulesFor).
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'create services (externalIPs)', source: 'CVE-2020-8554: spec.externalIPs on create', yaml: bound(rule([''], ['services'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'patch services', source: 'PATCH → patch; externalIPs are mutable', yaml: bound(rule([''], ['services'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'delete services is not a hijack', source: 'destructive-delete counts it', yaml: bound(rule([''], ['services'], ['delete'])), expected: [] },
  { name: 'update services/status', source: 'status strategy takes status.loadBalancer from the request', yaml: bound(rule([''], ['services/status'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'create services/status is no verb of StatusREST', source: 'StatusREST: Get + Update only', yaml: bound(rule([''], ['services/status'], ['create'])), expected: [] },
  { name: '"*/status" covers services/status', source: 'ResourceMatches: "*/"+subresource', yaml: bound(rule([''], ['*/status'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'services/finalizers is another subresource', source: 'ResourceMatches: exact resource/subresource', yaml: bound(rule([''], ['services/finalizers'], ['update'])), expected: [] },
  { name: 'update endpoints', source: 'CVE-2021-25740: only loopback/link-local rejected', yaml: bound(rule([''], ['endpoints'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'create endpointslices', source: 'discovery validation: ValidateEndpointIP only', yaml: bound(rule(['discovery.k8s.io'], ['endpointslices'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'endpointslices in the core group is nothing', source: 'APIGroupMatches: exact; EndpointSlices live in discovery.k8s.io', yaml: bound(rule([''], ['endpointslices'], ['create'])), expected: [] },
  { name: 'read only', source: 'get/list/watch route nothing', yaml: bound(rule([''], ['services', 'endpoints'], ['get', 'list', 'watch'])), expected: [] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['services'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*" and resources "*"', source: 'APIGroupAll + ResourceAll', yaml: bound(rule(['*'], ['*'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'ingresses are one level lower', source: 'IngressSpec validation does not compare hosts across namespaces; the controller decides', yaml: bound(rule(['networking.k8s.io'], ['ingresses'], ['create'])), expected: ['medium ClusterRole/r'] },
  { name: 'ingresses in extensions are served by no supported release', source: 'extensions/v1beta1 Ingress removed in 1.22', yaml: bound(rule(['extensions'], ['ingresses'], ['create'])), expected: [] },
  { name: 'services with ingresses in one rule keep high', source: 'worst hit of the rule entry', yaml: bound(rule(['', 'networking.k8s.io'], ['services', 'ingresses'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'Role in its namespace is still high', source: 'externalIPs are captured cluster-wide whatever the namespace', yaml: role('apps', 'r', rule([''], ['services'], ['create'])) + rb('apps', 'b', 'Role', 'r'), expected: ['high Role/r'] },
  { name: 'unbound ClusterRole is latent', source: 'latent grants are one level lower', yaml: clusterRole('r', rule([''], ['endpoints'], ['patch'])), expected: ['medium ClusterRole/r'] },
];

describe('service-hijack', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(serviceHijack, yaml))).toEqual(expected);
  });

  it('names each kind of takeover the rule allows', () => {
    const [f] = runRule(serviceHijack, bound(rule([''], ['services', 'services/finalizers', 'endpoints'], ['get', 'create', 'update', 'delete'])));
    expect(f?.message).toBe(
      'ClusterRole r grants create, update on services, endpoints to monitoring/sa: the holder can set externalIPs that capture traffic to any address from every node and Pod; point Services at Pods of other namespaces, nodes or outside hosts (intercept or redirect in-cluster traffic).',
    );
  });

  it('says update, not create, for services/status', () => {
    const [f] = runRule(serviceHijack, bound(rule([''], ['*'], ['create', 'update'])));
    expect(f?.message).toMatch(/^ClusterRole r grants create, update on services, endpoints and update on services\/status to /);
  });
});
