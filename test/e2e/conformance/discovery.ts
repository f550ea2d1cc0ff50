// Legacy (unaggregated) discovery documents for the fake API server, built from our own
// api-resources table (src/rbac/resources.ts DISCOVERY_RESOURCES: the built-in table without
// RBAC-only pseudo-resources such as signers). Serving the same table lets the real kubectl
// RESTMapper (client-go restmapper: plural, singular, short names, group priority) resolve
// `can-i VERB TYPE` against the data our resolveResourceArg uses, so any difference is in the
// resolution logic, not in the data.
//
// Shapes: k8s.io/apimachinery pkg/apis/meta/v1 types.go APIVersions, APIGroupList, APIResourceList.
import { DISCOVERY_RESOURCES } from '../../../src/rbac/resources.js';

/** metrics.k8s.io is served by metrics-server at v1beta1; every other group here at v1. */
const versionOf = (group: string): string => (group === 'metrics.k8s.io' ? 'v1beta1' : 'v1');

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface DiscoveredResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
}

/** The alias that is the plural's singular (pod/pods, ingress/ingresses, policy/policies), if any. */
function singularAlias(resource: string, aliases: readonly string[]): string | undefined {
  return aliases.find((a) => resource === `${a}s` || resource === `${a}es` || (a.endsWith('y') && resource === `${a.slice(0, -1)}ies`));
}

function resourcesOf(group: string): DiscoveredResource[] {
  return DISCOVERY_RESOURCES.filter((r) => r.group === group).map((r) => {
    const singular = singularAlias(r.resource, r.aliases) ?? r.resource;
    const shortNames = r.aliases.filter((a) => a !== singular);
    return {
      name: r.resource,
      singularName: singular,
      namespaced: r.namespaced,
      kind: singular.charAt(0).toUpperCase() + singular.slice(1),
      verbs: VERBS,
      ...(shortNames.length ? { shortNames } : {}),
    };
  });
}

/** Non-core groups in table order (the order /apis lists them, which is the RESTMapper's priority). */
function groups(): string[] {
  return [...new Set(DISCOVERY_RESOURCES.map((r) => r.group).filter((g) => g !== ''))];
}

/** The discovery document for a path under the server root, or null (404). */
export function discoveryDocument(path: string): object | null {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
  if (path === '/api/v1') return { kind: 'APIResourceList', groupVersion: 'v1', resources: resourcesOf('') };
  if (path === '/apis') {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups().map((name) => {
        const gv = { groupVersion: `${name}/${versionOf(name)}`, version: versionOf(name) };
        return { name, versions: [gv], preferredVersion: gv };
      }),
    };
  }
  const m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (m && groups().includes(m[1] ?? '') && versionOf(m[1] ?? '') === m[2]) {
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${m[1]}/${m[2]}`, resources: resourcesOf(m[1] ?? '') };
  }
  return null;
}
