// Legacy (unaggregated) discovery documents for the fake API server, built from our own
// api-resources table of the model's Kubernetes version (src/rbac/resources.ts discoveryResources:
// what a default cluster serves, without RBAC-only pseudo-resources such as signers). Serving the same table lets the real kubectl
// RESTMapper (client-go restmapper: plural, singular, short names, group priority) resolve
// `can-i VERB TYPE` against the data our resolveResourceArg uses, so any difference is in the
// resolution logic, not in the data.
//
// Shapes: k8s.io/apimachinery pkg/apis/meta/v1 types.go APIVersions, APIGroupList, APIResourceList.
import { discoveryResources } from '../../../src/rbac/resources.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface DiscoveredResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
}

function resourcesOf(group: string, kubeVersion: string | null): DiscoveredResource[] {
  return discoveryResources(kubeVersion)
    .filter((r) => r.group === group)
    .map((r) => ({ name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: VERBS, ...(r.shortNames.length ? { shortNames: r.shortNames } : {}) }));
}

/** Non-core groups in table order (the order /apis lists them, which is the RESTMapper's priority). */
function groups(kubeVersion: string | null): string[] {
  return [...new Set(discoveryResources(kubeVersion).map((r) => r.group).filter((g) => g !== ''))];
}

/** The discovery document for a path under the server root, or null (404). Every group is served at v1. */
export function discoveryDocument(path: string, kubeVersion: string | null = null): object | null {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
  if (path === '/api/v1') return { kind: 'APIResourceList', groupVersion: 'v1', resources: resourcesOf('', kubeVersion) };
  if (path === '/apis') {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups(kubeVersion).map((name) => {
        const gv = { groupVersion: `${name}/v1`, version: 'v1' };
        return { name, versions: [gv], preferredVersion: gv };
      }),
    };
  }
  const m = /^\/apis\/([^/]+)\/v1$/.exec(path);
  if (m && groups(kubeVersion).includes(m[1] ?? '')) {
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${m[1]}/v1`, resources: resourcesOf(m[1] ?? '', kubeVersion) };
  }
  return null;
}
