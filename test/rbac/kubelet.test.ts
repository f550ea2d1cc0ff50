import { describe, expect, it } from 'vitest';
import {
  DEAD_KUBELET_SUBRESOURCES,
  KUBELET_SUBRESOURCES,
  isSubpath,
  kubeletAuthorization,
  kubeletSubresourceSince,
  kubeletVerb,
  type KubeletMapping,
} from '../../src/rbac/kubelet.js';

// Sources, abbreviated in the case names:
//   auth_test = kubernetes/kubernetes pkg/kubelet/server/auth_test.go @ 0411cc70 (TestIsSubPath, AuthzTestCases)
//   auth.go   = kubernetes/kubernetes pkg/kubelet/server/auth.go, GetRequestAttributes / isSubpath
//               (@ 7caff55 for the "initial" fine-grained switch)

describe('isSubpath', () => {
  // auth_test TestIsSubPath, every case.
  it.each([
    ['empty', '', '', true],
    ['match 1', 'foo', 'foo', true],
    ['match 2', '/foo', '/foo', true],
    ['match 3', '/foo/', '/foo/', true],
    ['match 4', '/foo/bar', '/foo/bar', true],
    ['subpath of root 1', '/foo', '/', true],
    ['subpath of root 2', '/foo/', '/', true],
    ['subpath of root 3', '/foo/bar', '/', true],
    ['subpath of path 1', '/foo', '/foo', true],
    ['subpath of path 2', '/foo/', '/foo', true],
    ['subpath of path 3', '/foo/bar', '/foo', true],
    ['mismatch 1', '/foo', '/bar', false],
    ['mismatch 2', '/foo', '/foobar', false],
    ['mismatch 3', '/foobar', '/foo', false],
  ])('auth_test TestIsSubPath %j: isSubpath(%j, %j) = %s', (_name, subpath, path, expected) => {
    expect(isSubpath(subpath, path)).toBe(expected);
  });

  // auth.go isSubpath: TrimSuffix of one "/" then equality or prefix + "/" (docs/kubernetes.md#kubelet-authorization).
  it.each([
    ['/stats', '/stats/', true],
    ['/statsx', '/stats/', false],
    ['/runningpods', '/runningpods/', true],
    ['/runningPods/', '/runningpods/', false],
    ['/x', '//', false],
    ['/', '//', true],
  ])('auth.go isSubpath(%j, %j) = %s', (subpath, path, expected) => {
    expect(isSubpath(subpath, path)).toBe(expected);
  });
});

describe('kubeletVerb', () => {
  // auth.go GetRequestAttributes `switch r.Method` (docs/kubernetes.md#kubelet-authorization): case-sensitive, unmapped -> "".
  it.each([
    ['POST', 'create'],
    ['GET', 'get'],
    ['PUT', 'update'],
    ['PATCH', 'patch'],
    ['DELETE', 'delete'],
    ['HEAD', ''],
    ['OPTIONS', ''],
    ['CONNECT', ''],
    ['get', ''],
    ['Post', ''],
    ['', ''],
  ])('auth.go method switch: %j -> %j', (method, verb) => {
    expect(kubeletVerb(method)).toBe(verb);
  });
});

/** auth_test AuthzTestCases: path -> subresources with the gate off. */
const authzTestPaths: Record<string, string[]> = {
  '/attach/{podNamespace}/{podID}/{containerName}': ['proxy'],
  '/attach/{podNamespace}/{podID}/{uid}/{containerName}': ['proxy'],
  '/checkpoint/{podNamespace}/{podID}/{containerName}': ['checkpoint'],
  '/configz': ['proxy'],
  '/flagz': ['configz'],
  '/statusz': ['statusz'],
  '/containerLogs/{podNamespace}/{podID}/{containerName}': ['proxy'],
  '/debug/flags/v': ['proxy'],
  '/debug/pprof/{subpath:*}': ['proxy'],
  '/exec/{podNamespace}/{podID}/{containerName}': ['proxy'],
  '/exec/{podNamespace}/{podID}/{uid}/{containerName}': ['proxy'],
  '/healthz': ['proxy'],
  '/healthz/log': ['proxy'],
  '/healthz/ping': ['proxy'],
  '/healthz/syncloop': ['proxy'],
  '/logs/': ['log'],
  '/logs/{logpath:*}': ['log'],
  '/metrics': ['metrics'],
  '/metrics/slis': ['metrics'],
  '/metrics/cadvisor': ['metrics'],
  '/metrics/probes': ['metrics'],
  '/metrics/resource': ['metrics'],
  '/pods/': ['proxy'],
  '/portForward/{podNamespace}/{podID}': ['proxy'],
  '/portForward/{podNamespace}/{podID}/{uid}': ['proxy'],
  '/run/{podNamespace}/{podID}/{containerName}': ['proxy'],
  '/run/{podNamespace}/{podID}/{uid}/{containerName}': ['proxy'],
  '/runningpods/': ['proxy'],
  '/stats/': ['stats'],
  '/stats/summary': ['stats'],
};

/** auth_test AuthzTestCases(fineGrained=true): these paths get a subresource prepended. */
const authzFineGrainedPrefix: Record<string, string> = {
  '/healthz': 'healthz',
  '/healthz/log': 'healthz',
  '/healthz/ping': 'healthz',
  '/healthz/syncloop': 'healthz',
  '/pods/': 'pods',
  '/runningpods/': 'pods',
  '/configz': 'configz',
};

/** auth_test AuthzTestCases: each path is tried with these methods and expected verbs. */
const authzMethods: Array<[string, string]> = [
  ['POST', 'create'],
  ['GET', 'get'],
  ['PUT', 'update'],
  ['PATCH', 'patch'],
  ['DELETE', 'delete'],
];

function authzTestCases(fineGrained: boolean): Array<[string, string, string, string[]]> {
  return Object.entries(authzTestPaths).flatMap(([path, coarse]) => {
    const prefix = fineGrained ? authzFineGrainedPrefix[path] : undefined;
    const subresources = prefix ? [prefix, ...coarse] : coarse;
    return authzMethods.map(([method, verb]): [string, string, string, string[]] => [method, path, verb, subresources]);
  });
}

describe('kubeletAuthorization (newest mapping)', () => {
  it.each(authzTestCases(false))('auth_test AuthzTestCases(false) %s %s -> %s %j', (method, path, verb, subresources) => {
    expect(kubeletAuthorization(path, method, { fineGrained: false })).toEqual({ verb, subresources });
  });

  it.each(authzTestCases(true))('auth_test AuthzTestCases(true) %s %s -> %s %j', (method, path, verb, subresources) => {
    expect(kubeletAuthorization(path, method, { fineGrained: true })).toEqual({ verb, subresources });
    expect(kubeletAuthorization(path, method, { fineGrained: true, statusz: 'newest' })).toEqual({ verb, subresources });
  });

  // auth.go GetRequestAttributes switches + isSubpath; expectations as tabulated in docs/kubernetes.md#path-to-subresource.
  it.each([
    ['/pods', 'without trailing slash is under podsPath', 'GET', true, 'get', ['pods', 'proxy']],
    ['/pods', 'without the gate', 'GET', false, 'get', ['proxy']],
    ['/podsfoo', 'is not under /pods', 'GET', true, 'get', ['proxy']],
    ['/runningpods', 'without trailing slash', 'GET', true, 'get', ['pods', 'proxy']],
    ['/runningPods/', '(docs spelling) is case-sensitively not /runningpods/', 'GET', true, 'get', ['proxy']],
    ['/healthz/ping', '', 'GET', true, 'get', ['healthz', 'proxy']],
    ['/healthzjunk', '', 'GET', true, 'get', ['proxy']],
    ['/configz/', '', 'GET', true, 'get', ['configz', 'proxy']],
    ['/stats', '', 'GET', true, 'get', ['stats']],
    ['/stats/summary', '', 'GET', true, 'get', ['stats']],
    ['/statsx', '', 'GET', true, 'get', ['proxy']],
    ['/metrics/cadvisor', '', 'GET', false, 'get', ['metrics']],
    ['/metricsfoo', '', 'GET', true, 'get', ['proxy']],
    ['/logs/', '', 'GET', false, 'get', ['log']],
    ['/logs', '', 'GET', false, 'get', ['log']],
    ['/logs/kubelet.log', '', 'GET', true, 'get', ['log']],
    ['/containerLogs/ns/pod/c', '(container logs need proxy, docs/kubernetes.md#path-to-subresource)', 'GET', true, 'get', ['proxy']],
    ['/spec/', '(removed in 1.21, falls to proxy)', 'GET', true, 'get', ['proxy']],
    ['/spec/', 'without the gate', 'GET', false, 'get', ['proxy']],
    ['/checkpoint/ns/pod/c', '', 'POST', true, 'create', ['checkpoint']],
    ['/exec/ns/pod/c', '(WebSocket upgrade is a GET, docs/kubernetes.md#get-is-enough)', 'GET', true, 'get', ['proxy']],
    ['/exec/ns/pod/c', '(SPDY POST)', 'POST', true, 'create', ['proxy']],
    ['/flagz', '', 'GET', true, 'get', ['configz']],
    ['/statusz', '', 'GET', true, 'get', ['statusz']],
    ['/debug/pprof/profile', '', 'GET', true, 'get', ['proxy']],
    ['/', '', 'GET', true, 'get', ['proxy']],
    ['/pods', '', 'HEAD', true, '', ['pods', 'proxy']],
    ['/metrics', '', 'HEAD', false, '', ['metrics']],
    ['/healthz', '', 'OPTIONS', true, '', ['healthz', 'proxy']],
    ['/pods', '', 'get', true, '', ['pods', 'proxy']],
  ])('auth.go %s %s (%s, fine-grained=%s) -> %j %j', (path, _note, method, fineGrained, verb, subresources) => {
    expect(kubeletAuthorization(path, method, { fineGrained })).toEqual({ verb, subresources });
  });

  // net/http puts only the decoded path in r.URL.Path, which is what auth.go reads.
  it.each([
    ['/stats/summary?only_cpu_and_memory=true', true, ['stats']],
    ['/exec/ns/pod/c?command=id&output=1', true, ['proxy']],
    ['/pods?x=1', true, ['pods', 'proxy']],
    ['/metrics#frag', false, ['metrics']],
    ['/stat%73/summary', false, ['stats']],
    ['/%70ods', true, ['pods', 'proxy']],
    ['/stats%zz', false, ['proxy']],
  ])('r.URL.Path of %j (fine-grained=%s) -> %j', (target, fineGrained, subresources) => {
    expect(kubeletAuthorization(target, 'GET', { fineGrained }).subresources).toEqual(subresources);
  });
});

describe('kubeletAuthorization (initial fine-grained mapping, auth.go @ 7caff55)', () => {
  // At 7caff55 /statusz was in the gated switch and /flagz had no case (docs/kubernetes.md#path-to-subresource table).
  it.each([
    ['/statusz', true, ['statusz', 'proxy']],
    ['/statusz', false, ['proxy']],
    ['/flagz', true, ['proxy']],
    ['/flagz', false, ['proxy']],
    ['/pods', true, ['pods', 'proxy']],
    ['/runningpods/', true, ['pods', 'proxy']],
    ['/configz', true, ['configz', 'proxy']],
    ['/healthz', false, ['proxy']],
    ['/stats/summary', true, ['stats']],
    ['/checkpoint/ns/pod/c', true, ['checkpoint']],
    ['/exec/ns/pod/c', true, ['proxy']],
  ])('auth.go@7caff55 %s (fine-grained=%s) -> %j', (path, fineGrained, subresources) => {
    expect(kubeletAuthorization(path, 'GET', { fineGrained, statusz: 'initial' })).toEqual({ verb: 'get', subresources });
  });
});

describe('kubelet subresource lists', () => {
  const paths = [...Object.keys(authzTestPaths), '/pods', '/runningpods', '/spec/', '/x'];
  const mappings: KubeletMapping[] = ['newest', 'initial'];
  const reachable = new Set(
    mappings.flatMap((statusz) =>
      [true, false].flatMap((fineGrained) =>
        paths.flatMap((path) => kubeletAuthorization(path, 'GET', { fineGrained, statusz }).subresources),
      ),
    ),
  );

  it('KUBELET_SUBRESOURCES is exactly what auth.go can produce (auth_test AuthzTestCases paths)', () => {
    expect([...reachable].sort()).toEqual([...KUBELET_SUBRESOURCES].sort());
  });

  it.each(DEAD_KUBELET_SUBRESOURCES.map((s) => [s]))('%s is never produced (docs/kubernetes.md#path-to-subresource: /spec removed in 1.21)', (subresource) => {
    expect(reachable.has(subresource)).toBe(false);
    expect(KUBELET_SUBRESOURCES as readonly string[]).not.toContain(subresource);
  });

  // docs/kubernetes.md#fine-grained-kubelet-authorization (KubeletFineGrainedAuthz beta default on 1.33), docs/kubernetes.md#fine-grained-kubelet-authorization (ContainerCheckpoint beta 1.30,
  // ComponentStatusz beta default on 1.36, original stats/metrics/log/proxy from PR #34381).
  it.each([
    ['proxy', null],
    ['stats', null],
    ['metrics', null],
    ['log', null],
    ['checkpoint', '1.30'],
    ['pods', '1.33'],
    ['healthz', '1.33'],
    ['configz', '1.33'],
    ['statusz', '1.36'],
  ])('kubeletSubresourceSince[%j] = %j', (subresource, since) => {
    expect(kubeletSubresourceSince[subresource]).toBe(since);
  });

  it('kubeletSubresourceSince has an entry for every subresource and nothing else', () => {
    expect(Object.keys(kubeletSubresourceSince).sort()).toEqual([...KUBELET_SUBRESOURCES].sort());
  });
});

describe('kubelet paths are authorized after ServeMux cleaning (net/http cleanPath)', () => {
  it.each([
    ['//metrics', ['metrics']],
    ['/stats/../exec/ns/pod/c', ['proxy']],
    ['/metrics/../configz', ['configz', 'proxy']],
    ['/./pods/', ['pods', 'proxy']],
    ['/logs/../../logs/', ['log']],
  ])('%s → %j', (path, subresources) => {
    expect(kubeletAuthorization(path, 'GET', { fineGrained: true }).subresources).toEqual(subresources);
  });
});
