// Adversarial review: kubelet path → nodes/<subresource> and method → verb, on paths the
// authors' tables do not list. Expectations are worked out by hand from:
//   auth.go   = kubernetes/kubernetes pkg/kubelet/server/auth.go
//               (nodeAuthorizerAttributesGetter.GetRequestAttributes: method switch, the
//               fine-grained switch then the coarse switch with `default: proxy`; isSubpath
//               trims ONE trailing "/" from the constant, then equality or prefix + "/")
//   server.go = pkg/kubelet/server/server.go path constants: statsPath "/stats/", logsPath "/logs/",
//               checkpointPath "/checkpoint/", runningPodsPath "/runningpods/", podsPath "/pods",
//               metricsPath "/metrics"; healthz/configz/statusz/flagz DefaultXPath have no slash.
//   Go net/url: r.URL.Path excludes the query string.
import { describe, expect, it } from 'vitest';
import { isSubpath, kubeletAuthorization } from '../../src/index.js';

interface PathCase {
  path: string;
  fineGrained: string[];
  coarse: string[];
  why: string;
}

// Method GET throughout; the expected list is the order the kubelet tries the attributes in.
const PATHS: PathCase[] = [
  { path: '/pods/', fineGrained: ['pods', 'proxy'], coarse: ['proxy'], why: 'isSubpath("/pods/", "/pods"): prefix + "/"' },
  { path: '/pods/extra/deep', fineGrained: ['pods', 'proxy'], coarse: ['proxy'], why: 'isSubpath: "/pods" prefix followed by "/"' },
  { path: '/podsx', fineGrained: ['proxy'], coarse: ['proxy'], why: 'isSubpath: "/podsx"[5] is "x", not "/" (TestIsSubPath "mismatch 3")' },
  { path: '/stats', fineGrained: ['stats'], coarse: ['stats'], why: 'isSubpath trims "/stats/" to "/stats": equal' },
  { path: '/stats/', fineGrained: ['stats'], coarse: ['stats'], why: 'isSubpath: prefix "/stats" + "/"' },
  { path: '/statsfoo', fineGrained: ['proxy'], coarse: ['proxy'], why: 'isSubpath: no "/" after "/stats"' },
  { path: '/metrics/', fineGrained: ['metrics'], coarse: ['metrics'], why: 'isSubpath: prefix "/metrics" + "/"' },
  { path: '/metrics/probes', fineGrained: ['metrics'], coarse: ['metrics'], why: 'isSubpath: prefix "/metrics" + "/"' },
  { path: '/logs', fineGrained: ['log'], coarse: ['log'], why: 'isSubpath trims "/logs/" to "/logs": equal, so /logs without slash is log, not proxy' },
  { path: '/logs/', fineGrained: ['log'], coarse: ['log'], why: 'isSubpath: prefix "/logs" + "/"' },
  { path: '/logsx', fineGrained: ['proxy'], coarse: ['proxy'], why: 'isSubpath: no "/" after "/logs"' },
  { path: '/checkpoint', fineGrained: ['checkpoint'], coarse: ['checkpoint'], why: 'isSubpath trims "/checkpoint/": equal' },
  { path: '/checkpoint/ns/pod/ctr', fineGrained: ['checkpoint'], coarse: ['checkpoint'], why: 'isSubpath: prefix "/checkpoint" + "/"' },
  { path: '/configz/', fineGrained: ['configz', 'proxy'], coarse: ['proxy'], why: 'fine-grained switch: isSubpath("/configz/", "/configz")' },
  { path: '/healthz/', fineGrained: ['healthz', 'proxy'], coarse: ['proxy'], why: 'fine-grained switch: isSubpath("/healthz/", "/healthz")' },
  { path: '/healthz/syncloop', fineGrained: ['healthz', 'proxy'], coarse: ['proxy'], why: 'KEP-2862 proposal table: /healthz/syncloop → proxy, healthz' },
  { path: '/healthzz', fineGrained: ['proxy'], coarse: ['proxy'], why: 'isSubpath: "/healthzz" has no "/" after "/healthz"' },
  { path: '/runningpods', fineGrained: ['pods', 'proxy'], coarse: ['proxy'], why: 'isSubpath trims "/runningpods/" to "/runningpods": equal' },
  { path: '/runningPods/', fineGrained: ['proxy'], coarse: ['proxy'], why: 'case-sensitive: "/runningPods/" is not "/runningpods"' },
  { path: '/METRICS', fineGrained: ['proxy'], coarse: ['proxy'], why: 'case-sensitive string comparison' },
  { path: '/statusz', fineGrained: ['statusz'], coarse: ['statusz'], why: 'newest coarse switch: statusz.DefaultStatuszPath' },
  { path: '/flagz', fineGrained: ['configz'], coarse: ['configz'], why: 'newest coarse switch: flagz.DefaultFlagzPath → "configz"' },
  { path: '/containerLogs/ns/pod/ctr', fineGrained: ['proxy'], coarse: ['proxy'], why: 'no case: default proxy (nodes/log covers only /logs/)' },
  { path: '/exec/ns/pod/ctr?command=id&output=1', fineGrained: ['proxy'], coarse: ['proxy'], why: 'r.URL.Path drops the query; no case: default proxy' },
  { path: '/metrics?path=/exec', fineGrained: ['metrics'], coarse: ['metrics'], why: 'r.URL.Path drops the query: "/metrics"' },
  { path: '/debug/flags/v', fineGrained: ['proxy'], coarse: ['proxy'], why: 'debugFlagPath has no case: default proxy' },
  { path: '/spec/', fineGrained: ['proxy'], coarse: ['proxy'], why: '/spec was removed in 1.21; no case: default proxy' },
  { path: '/', fineGrained: ['proxy'], coarse: ['proxy'], why: 'no case: default proxy' },
];

describe('kubelet path mapping (auth.go GetRequestAttributes, newest switch)', () => {
  it.each(PATHS)('GET $path with KubeletFineGrainedAuthz on → $fineGrained ($why)', (c) => {
    expect(kubeletAuthorization(c.path, 'GET', { fineGrained: true })).toEqual({ verb: 'get', subresources: c.fineGrained });
  });
  it.each(PATHS)('GET $path with KubeletFineGrainedAuthz off → $coarse ($why)', (c) => {
    expect(kubeletAuthorization(c.path, 'GET', { fineGrained: false })).toEqual({ verb: 'get', subresources: c.coarse });
  });
});

describe('the first fine-grained kubelet (auth.go @ 7caff55: statusz in the first switch, no flagz case)', () => {
  const cases = [
    { path: '/statusz', fineGrained: true, expected: ['statusz', 'proxy'], why: '7caff55 first switch lists statusz; second switch has no statusz case' },
    { path: '/statusz', fineGrained: false, expected: ['proxy'], why: '7caff55 second switch has no statusz case' },
    { path: '/flagz', fineGrained: true, expected: ['proxy'], why: '7caff55 has no flagz case in either switch' },
  ];
  it.each(cases)('$path fineGrained=$fineGrained → $expected ($why)', (c) => {
    expect(kubeletAuthorization(c.path, 'GET', { fineGrained: c.fineGrained, statusz: 'initial' }).subresources).toEqual(c.expected);
  });
});

describe('kubelet method → verb (auth.go: case-sensitive switch r.Method, others stay "")', () => {
  const cases = [
    { method: 'POST', verb: 'create' },
    { method: 'PUT', verb: 'update' },
    { method: 'PATCH', verb: 'patch' },
    { method: 'DELETE', verb: 'delete' },
    { method: 'HEAD', verb: '' },
    { method: 'OPTIONS', verb: '' },
    { method: 'CONNECT', verb: '' },
    { method: 'get', verb: '' },
    { method: 'Get', verb: '' },
  ];
  it.each(cases)('$method → "$verb"', (c) => {
    expect(kubeletAuthorization('/exec/ns/pod/ctr', c.method, { fineGrained: true })).toEqual({ verb: c.verb, subresources: ['proxy'] });
  });
});

describe('isSubpath on constants with and without a trailing slash (auth.go isSubpath, auth_test.go TestIsSubPath)', () => {
  const cases = [
    { subpath: '/logs', path: '/logs/', expected: true, why: 'TrimSuffix("/logs/", "/") == "/logs"' },
    { subpath: '/logs//', path: '/logs/', expected: true, why: 'prefix "/logs" then "/"' },
    { subpath: '/foo', path: '/foobar', expected: false, why: 'TestIsSubPath "mismatch 2"' },
    { subpath: '/foobar', path: '/foo', expected: false, why: 'TestIsSubPath "mismatch 3"' },
    { subpath: '/x', path: '/x//', expected: false, why: 'TrimSuffix removes ONE slash: "/x" is neither "/x/" nor prefixed by it' },
  ];
  it.each(cases)('isSubpath($subpath, $path) = $expected ($why)', (c) => {
    expect(isSubpath(c.subpath, c.path)).toBe(c.expected);
  });
});
