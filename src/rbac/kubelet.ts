// How the kubelet authorizes a request to its own API (:10250): HTTP method -> verb and
// URL path -> `nodes/<subresource>` attributes, tried in order, first Allow wins.
// Source: kubernetes/kubernetes pkg/kubelet/server/auth.go
// (nodeAuthorizerAttributesGetter.GetRequestAttributes, isSubpath), path constants from
// pkg/kubelet/server/server.go, cases from auth_test.go (AuthzTestCases). docs/kubernetes.md#kubelet-authorization.

/** Which version of the path switch to model (docs/kubernetes.md#path-to-subresource). */
export type KubeletMapping = 'newest' | 'initial';

export interface KubeletAuthorizationOptions {
  /** Whether the `KubeletFineGrainedAuthz` feature gate is on (default on since 1.33). */
  fineGrained: boolean;
  /**
   * `newest` (default): current auth.go, where `/statusz` -> `statusz` and `/flagz` -> `configz`
   * regardless of the gate. `initial`: auth.go @ 7caff55, the first fine-grained version, where
   * `/statusz` was a fine-grained path (`statusz`, then `proxy`) and `/flagz` had no case (`proxy`).
   */
  statusz?: KubeletMapping;
}

export interface KubeletAuthorization {
  /** Verb the kubelet asks about; `''` for methods it does not map (HEAD, OPTIONS, lower-case …). */
  verb: string;
  /** `nodes/<subresource>` checked in order; the request is allowed if any one is allowed. */
  subresources: string[];
}

/** Every node subresource the kubelet checks today. */
export const KUBELET_SUBRESOURCES = [
  'proxy',
  'stats',
  'metrics',
  'log',
  'checkpoint',
  'pods',
  'healthz',
  'configz',
  'statusz',
] as const;
export type KubeletSubresource = (typeof KUBELET_SUBRESOURCES)[number];

/**
 * Subresources still written in docs and built-in roles that no kubelet path maps to:
 * `/spec` was removed in 1.21 (KEP-2129, PR #99236) and now falls to `proxy`.
 */
export const DEAD_KUBELET_SUBRESOURCES = ['spec'] as const;

/**
 * Earliest Kubernetes minor where the subresource is checked by a default-configured kubelet;
 * null means it always has been (original kubelet authz, PR #34381).
 * checkpoint: ContainerCheckpoint beta, default on, 1.30. pods/healthz/configz:
 * KubeletFineGrainedAuthz beta, default on, 1.33. statusz: ComponentStatusz beta, default on,
 * 1.36 (before that the kubelet does not serve `/statusz`). docs/kubernetes.md#fine-grained-kubelet-authorization.
 */
export const kubeletSubresourceSince: Record<string, string | null> = {
  proxy: null,
  stats: null,
  metrics: null,
  log: null,
  checkpoint: '1.30',
  pods: '1.33',
  healthz: '1.33',
  configz: '1.33',
  statusz: '1.36',
};

interface PathCase {
  path: string;
  subresource: KubeletSubresource;
}

// server.go constants and the package defaults (healthz/configz/statusz/flagz DefaultXPath).
const pods: PathCase = { path: '/pods', subresource: 'pods' };
const healthz: PathCase = { path: '/healthz', subresource: 'healthz' };
const configz: PathCase = { path: '/configz', subresource: 'configz' };
const runningPods: PathCase = { path: '/runningpods/', subresource: 'pods' };
const statusz: PathCase = { path: '/statusz', subresource: 'statusz' };
const flagz: PathCase = { path: '/flagz', subresource: 'configz' };
const stats: PathCase = { path: '/stats/', subresource: 'stats' };
const metrics: PathCase = { path: '/metrics', subresource: 'metrics' };
const logs: PathCase = { path: '/logs/', subresource: 'log' };
const checkpoint: PathCase = { path: '/checkpoint/', subresource: 'checkpoint' };

/** The first switch, only evaluated with the gate on; its hit is tried before the second's. */
const FINE_GRAINED_CASES: Record<KubeletMapping, readonly PathCase[]> = {
  newest: [pods, healthz, configz, runningPods],
  initial: [pods, healthz, configz, statusz, runningPods],
};

/** The second switch, always evaluated; no hit means `proxy` (its `default`). */
const COARSE_CASES: Record<KubeletMapping, readonly PathCase[]> = {
  newest: [stats, metrics, logs, checkpoint, statusz, flagz],
  initial: [stats, metrics, logs, checkpoint],
};

/**
 * Go's `isSubpath`: equal after trimming one trailing `/` from `path`, or a prefix followed
 * by `/`. So `/stats` and `/stats/x` are under `/stats/`, `/statsx` is not; case-sensitive.
 */
export function isSubpath(subpath: string, path: string): boolean {
  const base = path.endsWith('/') ? path.slice(0, -1) : path;
  return subpath === base || (subpath.startsWith(base) && subpath[base.length] === '/');
}

/**
 * The kubelet's method switch. Go's `switch r.Method` is case-sensitive, so `get` or `Get`
 * map to `''` like HEAD and OPTIONS do (only a `*` verb rule matches `''`).
 */
export function kubeletVerb(method: string): string {
  switch (method) {
    case 'POST':
      return 'create';
    case 'GET':
      return 'get';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return '';
  }
}

/**
 * What the kubelet checks for one request. `path` is the request path as a client would send
 * it; like `r.URL.Path` in Go, a `?query` (or `#fragment`) is not part of it and `%XX`
 * escapes are decoded.
 */
export function kubeletAuthorization(
  path: string,
  method: string,
  opts: KubeletAuthorizationOptions,
): KubeletAuthorization {
  const requestPath = urlPath(path);
  const mapping = opts.statusz ?? 'newest';
  const subresources: string[] = [];
  if (opts.fineGrained) {
    const fineGrained = firstCase(requestPath, FINE_GRAINED_CASES[mapping]);
    if (fineGrained) subresources.push(fineGrained);
  }
  subresources.push(firstCase(requestPath, COARSE_CASES[mapping]) ?? 'proxy');
  return { verb: kubeletVerb(method), subresources };
}

function firstCase(requestPath: string, cases: readonly PathCase[]): string | undefined {
  return cases.find((c) => isSubpath(requestPath, c.path))?.subresource;
}

/** The part of a request target Go puts in `URL.Path`. */
function urlPath(target: string): string {
  const end = target.search(/[?#]/);
  return cleanPath(unescapePath(end < 0 ? target : target.slice(0, end)));
}

/**
 * net/http ServeMux cleanPath: the kubelet's go-restful container dispatches through a
 * ServeMux, which answers an unclean path (`//metrics`, `/stats/../exec/…`) with a redirect to
 * the clean one before any filter runs, so only clean paths are ever authorized. path.Clean
 * semantics, with a trailing slash kept as ServeMux keeps it.
 */
export function cleanPath(p: string): string {
  if (p === '') return '/';
  const rooted = p.startsWith('/') ? p : `/${p}`;
  const out: string[] = [];
  for (const seg of rooted.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const clean = `/${out.join('/')}`;
  return rooted.endsWith('/') && clean !== '/' ? `${clean}/` : clean;
}

/**
 * `%XX` decoding as Go's url.PathUnescape does. A malformed escape makes Go's server answer
 * 400 before authorization happens; such a path is returned unchanged.
 */
function unescapePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) return raw;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const part of raw.split(/(%[0-9A-Fa-f]{2})/)) {
    if (part.startsWith('%')) bytes.push(Number.parseInt(part.slice(1), 16));
    else bytes.push(...encoder.encode(part));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
