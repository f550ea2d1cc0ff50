// Fluent Bit's kubernetes filter with `Use_Kubelet On`: pod metadata from the kubelet's `/pods`
// on `Kubelet_Host:Kubelet_Port` (defaults 127.0.0.1:10250) over TLS instead of the API server
// (fluent/fluent-bit plugins/filter_kubernetes kubernetes.c, kube_meta.c get_pods_from_kubelet;
// namespace metadata still comes from the API server). nodes/pods from 1.33, nodes/proxy before.
// Classic format: `[FILTER]` sections of `Key Value` lines, keys case-insensitive; YAML format:
// `pipeline.filters[]: {name: kubernetes, use_kubelet: on}`.

import { asText, forEachMapping, getCaseInsensitive, truthy, type Hit } from '../hit.js';
import type { TextFormat } from '../text.js';
import type { KubeletClient, TreeInput } from './client.js';

const BREAKS = 'the kubernetes filter gets no pod metadata from the kubelet: records lose their pod labels and annotations';

function readOnlyPort(port: string | undefined): boolean {
  return port?.trim() === '10255';
}

/** `text` must already be comment-free. */
export function fluentBitClassicHits(text: string, path: string): Hit[] {
  const hits: Hit[] = [];
  for (const section of text.split(/^\s*(?=\[)/m)) {
    if (!/^\[\s*filter\s*\]/i.test(section)) continue;
    const settings = new Map<string, { key: string; value: string }>();
    for (const line of section.split('\n').slice(1)) {
      const m = /^\s*([\w.-]+)\s+(.*?)\s*$/.exec(line);
      if (m?.[1] && m[2] !== undefined) settings.set(m[1].toLowerCase(), { key: m[1], value: m[2] });
    }
    const useKubelet = settings.get('use_kubelet');
    if (settings.get('name')?.value.toLowerCase() !== 'kubernetes' || !useKubelet || !truthy(useKubelet.value)) continue;
    const port = settings.get('kubelet_port');
    if (readOnlyPort(port?.value)) continue;
    const shown = [`${useKubelet.key} ${useKubelet.value}`, ...(port ? [`${port.key} ${port.value}`] : [])];
    hits.push({ path, text: shown.join(', '), access: 'kubelet-direct', kubeletPath: '/pods', client: 'fluent-bit', breaks: BREAKS });
  }
  return hits;
}

function fluentBitYamlHits({ tree, path }: TreeInput): Hit[] {
  const hits: Hit[] = [];
  forEachMapping(tree, (node) => {
    const name = asText(getCaseInsensitive(node, 'name'));
    const useKubelet = getCaseInsensitive(node, 'use_kubelet');
    if (name?.toLowerCase() !== 'kubernetes' || !truthy(useKubelet)) return;
    if (readOnlyPort(asText(getCaseInsensitive(node, 'kubelet_port')) ?? undefined)) return;
    hits.push({ path, text: `use_kubelet: ${asText(useKubelet) ?? ''}`, access: 'kubelet-direct', kubeletPath: '/pods', client: 'fluent-bit', breaks: BREAKS });
  });
  return hits;
}

export const fluentBit: KubeletClient = {
  id: 'fluent-bit',
  name: 'Fluent Bit kubernetes filter',
  configTree: fluentBitYamlHits,
  configText: (text: string, format: TextFormat, path: string) => (format === 'river' ? [] : fluentBitClassicHits(text, path)),
};
