import { evidenceForSubjects, kubeletSubresourceSince, summarizeEvidence } from '../../src/rule-api/index.js';
import type { Evidence, Fix, ParsedObject, PolicyRule, Subject } from '../../src/rule-api/index.js';

// Evidence-based advice for nodes/proxy (PRODUCT.md §5): what the workload really asks the
// kubelet for decides what to grant instead.

const COMMON_NEEDS = ['metrics', 'stats', 'pods'] as const;
const DIRECT_EXAMPLE = 'kubernetes_sd_configs role: node, scheme: https, the node address on the kubelet port (10250), metrics_path /metrics or /metrics/cadvisor';

function rule(subresources: readonly string[]): PolicyRule[] {
  if (subresources.length === 0) return [];
  const get = subresources.filter((s) => s !== 'checkpoint');
  const out: PolicyRule[] = [];
  if (get.length > 0) out.push({ apiGroups: [''], resources: get.map((s) => `nodes/${s}`), verbs: ['get'], resourceNames: [], nonResourceURLs: [] });
  if (subresources.includes('checkpoint'))
    out.push({ apiGroups: [''], resources: ['nodes/checkpoint'], verbs: ['create'], resourceNames: [], nonResourceURLs: [] });
  return out;
}

function minVersion(subresources: readonly string[]): string | null {
  let best: string | null = null;
  for (const s of subresources) {
    const v = kubeletSubresourceSince[s] ?? null;
    if (v && (!best || compareVersions(v, best) > 0)) best = v;
  }
  return best;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** First fine-grained subresource the kubelet checks for a path: what to grant instead of proxy. */
function fineGrained(e: Evidence): string | null {
  const s = e.subresources[0];
  return s && s !== 'proxy' ? s : null;
}

const uniqSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const quote = (e: Evidence): string => `${e.object.kind} ${e.object.name} (${e.path}: ${e.text})`;

export interface KubeletAdvice {
  fix: Fix;
  evidence: Evidence[];
}

export function nodesProxyAdvice(
  allEvidence: readonly Evidence[],
  objects: readonly ParsedObject[],
  subjects: readonly Subject[],
): KubeletAdvice {
  const sas = subjects.filter((s) => s.kind === 'ServiceAccount').map((s) => ({ namespace: s.namespace ?? '', name: s.name }));
  const evidence = subjects.length === 0 ? [...allEvidence] : evidenceForSubjects(allEvidence, objects, sas);
  const summary = summarizeEvidence(evidence);

  if (summary.apiserverProxy.length > 0) {
    const wanted = uniqSorted(summary.apiserverProxy.map(fineGrained).filter((s): s is string => s !== null));
    const direct = wanted.length > 0 ? wanted : ['metrics'];
    const first = summary.apiserverProxy[0] as Evidence;
    return {
      evidence,
      fix: {
        summary:
          `nodes/proxy is still needed while ${quote(first)} scrapes the kubelet through the API server's node proxy, ` +
          `which is always authorized as nodes/proxy (fine-grained kubelet authorization cannot help there). ` +
          `Scrape the kubelet directly instead (${DIRECT_EXAMPLE}), as the prometheus chart did in 28.7.0, ` +
          `then replace nodes/proxy with ${direct.map((s) => `nodes/${s}`).join(', ')}. Change both together or scraping breaks.`,
        rules: rule(direct),
        minKubernetesVersion: minVersion(direct),
      },
    };
  }

  if (summary.direct.length > 0) {
    const needed = summary.neededSubresources;
    if (summary.needsProxy) {
      const proxyUse = summary.direct.find((e) => e.subresources.length === 1 && e.subresources[0] === 'proxy') ?? summary.direct[0];
      return {
        evidence,
        fix: {
          summary:
            `The workload calls a kubelet endpoint that only nodes/proxy authorizes (${proxyUse ? quote(proxyUse) : 'see evidence'}); ` +
            `it really needs nodes/proxy. Restrict it with resourceNames where possible and keep the verbs to get.`,
          rules: [],
          minKubernetesVersion: null,
        },
      };
    }
    return {
      evidence,
      fix: {
        summary:
          `The workload talks to the kubelet directly and only needs ${needed.map((s) => `nodes/${s}`).join(', ')}; ` +
          `replace nodes/proxy with ${needed.length === 1 ? 'it' : 'them'}.` +
          (minVersion(needed) ? ` nodes/${needed.filter((s) => kubeletSubresourceSince[s]).join(', nodes/')} needs kubelets at ${minVersion(needed)} or newer (KubeletFineGrainedAuthz); keep nodes/proxy for older clusters.` : ''),
        rules: rule(needed),
        minKubernetesVersion: minVersion(needed),
      },
    };
  }

  return {
    evidence,
    fix: {
      summary:
        `Nothing in the rendered chart was found to use nodes/proxy: remove it. If the workload reads kubelet endpoints directly, ` +
        `grant only what it uses: nodes/metrics (/metrics, /metrics/cadvisor), nodes/stats (/stats/summary), nodes/pods (/pods, Kubernetes 1.33+).`,
      rules: rule(COMMON_NEEDS),
      minKubernetesVersion: minVersion(['metrics', 'stats']),
    },
  };
}
