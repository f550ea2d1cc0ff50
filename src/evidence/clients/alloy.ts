// Grafana Alloy / Grafana Agent flow mode (River syntax) configs that call the kubelet.
//
// `discovery.kubernetes "x" { role = "node" }` yields Prometheus node targets (kubelet address);
// `discovery.relabel` components rewrite them with `rule {}` blocks; a `prometheus.scrape`
// whose `targets` come (possibly through relabels) from node discovery scrapes each kubelet.
// The Prometheus rules then apply (see prometheus.ts): https, address still the kubelet, and the
// path is `__metrics_path__` if a rule set it, else `metrics_path` (default /metrics). A node
// discovery that feeds no scrape (alloy 1.5.2's default config) is not kubelet access.
// Only what a static reading can follow is followed: references written as
// `discovery.kubernetes.<label>.targets` and `discovery.relabel.<label>.output`.
// The other form (k8s-monitoring's `nodeAddressFormat: proxy`) rewrites the address to the API
// server and the path to `/api/v1/nodes/${1}/proxy/metrics`: found by the URL scan.
//
// `discovery.kubelet` lists the pods of the local kubelet: `GET <url>/pods`, url default
// `https://localhost:10250` (grafana/alloy internal/component/discovery/kubelet); Alloy runs
// every component of its config, used or not. The alloy chart 1.5.3 grants nodes/pods for it.

import { type Hit } from '../hit.js';
import { reachesKubeletDirectly, resolveTarget, type RelabelRule } from '../relabel.js';
import { stringEnd } from '../text.js';
import type { KubeletClient } from './client.js';

interface Block {
  name: string;
  label: string | null;
  attrs: Map<string, string>;
  blocks: Block[];
}

const HEAD = /([A-Za-z_][\w.]*)[ \t]*(?:"([^"\n]*)"[ \t]*)?([={])/y;

/** End of a bracketed expression or block starting at `open`, skipping strings. */
function closing(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"' || ch === '`') {
      i = stringEnd(text, i);
      continue;
    }
    if ('{[('.includes(ch)) depth++;
    else if ('}])'.includes(ch) && --depth === 0) return i + 1;
    i++;
  }
  return text.length;
}

/** End of an attribute value: the first newline outside brackets and strings. */
function valueEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\n') return i;
    if (ch === '"' || ch === '`') i = stringEnd(text, i);
    else if ('{[('.includes(ch)) i = closing(text, i);
    else i++;
  }
  return text.length;
}

/** Attributes and nested blocks of a (comment-free) River body; nesting beyond 32 levels is not read. */
function parseBody(text: string, depth = 0): { attrs: Map<string, string>; blocks: Block[] } {
  const attrs = new Map<string, string>();
  const blocks: Block[] = [];
  if (depth > 32) return { attrs, blocks };
  let i = 0;
  while (i < text.length) {
    if (/[\s,]/.test(text[i] as string)) {
      i++;
      continue;
    }
    HEAD.lastIndex = i;
    const m = HEAD.exec(text);
    if (!m?.[1]) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    const after = i + m[0].length;
    if (m[3] === '=') {
      const end = valueEnd(text, after);
      attrs.set(m[1], text.slice(after, end).trim());
      i = end;
    } else {
      const end = closing(text, after - 1);
      blocks.push({ name: m[1], label: m[2] ?? null, ...parseBody(text.slice(after, end - 1), depth + 1) });
      i = end;
    }
  }
  return { attrs, blocks };
}

function literal(expr: string | undefined): string | null {
  if (!expr) return null;
  if (expr.startsWith('`') && expr.endsWith('`')) return expr.slice(1, -1);
  if (!expr.startsWith('"')) return null;
  try {
    return JSON.parse(expr) as string;
  } catch {
    return expr.slice(1, -1);
  }
}

function rulesOf(block: Block): RelabelRule[] {
  return block.blocks
    .filter((b) => b.name === 'rule')
    .map((rule) => ({
      action: literal(rule.attrs.get('action')) ?? 'replace',
      targetLabel: literal(rule.attrs.get('target_label')) ?? '',
      replacement: literal(rule.attrs.get('replacement')) ?? '$1',
    }));
}

interface Components {
  nodeDiscoveries: Set<string>;
  relabels: Map<string, Block>;
}

/** Relabel chains (each a list of rules in order) from node discovery into `expr`. */
function nodeChains(expr: string, components: Components, seen: Set<string>): RelabelRule[][] {
  const chains: RelabelRule[][] = [];
  for (const m of expr.matchAll(/discovery\.kubernetes\.(\w+)\.targets/g)) {
    if (m[1] && components.nodeDiscoveries.has(m[1])) chains.push([]);
  }
  for (const m of expr.matchAll(/discovery\.relabel\.(\w+)\.output/g)) {
    const relabel = m[1] ? components.relabels.get(m[1]) : undefined;
    if (!relabel || !m[1] || seen.has(m[1])) continue;
    const upstream = nodeChains(relabel.attrs.get('targets') ?? '', components, new Set([...seen, m[1]]));
    for (const chain of upstream) chains.push([...chain, ...rulesOf(relabel)]);
  }
  return chains;
}

/** Direct kubelet scrapes in a comment-free River config. */
export function riverHits(text: string, path: string): Hit[] {
  const top = parseBody(text).blocks;
  const components: Components = {
    nodeDiscoveries: new Set(
      top
        .filter((b) => b.name === 'discovery.kubernetes' && literal(b.attrs.get('role')) === 'node')
        .map((b) => b.label ?? ''),
    ),
    relabels: new Map(top.filter((b) => b.name === 'discovery.relabel').map((b) => [b.label ?? '', b])),
  };
  const hits: Hit[] = [];
  for (const scrape of top.filter((b) => b.name === 'prometheus.scrape')) {
    for (const chain of nodeChains(scrape.attrs.get('targets') ?? '', components, new Set())) {
      const target = resolveTarget(
        {
          address: 'kubelet',
          scheme: (literal(scrape.attrs.get('scheme')) ?? 'http').toLowerCase(),
          metricsPath: literal(scrape.attrs.get('metrics_path')) ?? '/metrics',
        },
        chain,
      );
      if (!reachesKubeletDirectly(target)) continue;
      const shown = target.metricsPath ?? '(from a label)';
      const text = `prometheus.scrape "${scrape.label ?? ''}": node targets, scheme https, metrics_path ${shown}`;
      hits.push({ path, text, access: 'kubelet-direct', kubeletPath: target.metricsPath, client: 'alloy', breaks: `prometheus.scrape "${scrape.label ?? ''}" gets 403 from every kubelet: its metrics are lost` });
    }
  }
  for (const kubelet of top.filter((b) => b.name === 'discovery.kubelet')) {
    const url = literal(kubelet.attrs.get('url')) ?? 'https://localhost:10250';
    // Plain http is the read-only port, which authorizes nothing.
    if (!url.toLowerCase().startsWith('https://')) continue;
    hits.push({
      path,
      text: `discovery.kubelet "${kubelet.label ?? ''}": GET ${url.replace(/\/+$/, '')}/pods`,
      access: 'kubelet-direct',
      kubeletPath: '/pods',
      client: 'alloy',
      breaks: `discovery.kubelet "${kubelet.label ?? ''}" gets 403: it discovers no pods, so nothing downstream is scraped`,
    });
  }
  return hits;
}

export const alloy: KubeletClient = {
  id: 'alloy',
  name: 'Grafana Alloy / Grafana Agent flow mode (River)',
  configText: (text, format, path) => (format === 'river' ? riverHits(text, path) : []),
};
