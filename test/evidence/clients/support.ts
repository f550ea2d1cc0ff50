// Shared helpers of the client table tests: run findKubeletEvidence on YAML and keep what a
// client decides (access, kubelet path, client id, whether a refusal breaks something).
import { findKubeletEvidence } from '../../../src/evidence/index.js';
import { objectsFromYaml } from '../helpers.js';

export type Call = [access: string, kubeletPath: string | null, client: string | undefined, breaks: boolean];

export function calls(yaml: string): Call[] {
  return findKubeletEvidence(objectsFromYaml(yaml))
    .map((e): Call => [e.access, e.kubeletPath, e.client, e.breaks !== undefined])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

export const sorted = (c: Call[]): Call[] => [...c].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');

export const configMap = (key: string, value: string, name = 'cfg'): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: monitoring}\ndata:\n  ${key}: |\n${indent(value, '    ')}\n`;

export const daemonSet = (containers: string, name = 'agent'): string =>
  `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ${name}, namespace: monitoring}\nspec:\n  template:\n    spec:\n      serviceAccountName: ${name}\n      containers:\n${indent(containers, '      ')}\n`;

export const envList = (pairs: Record<string, string>): string =>
  ['- name: c', '  image: x', '  env:', ...Object.entries(pairs).map(([k, v]) => `  - {name: ${k}, value: ${JSON.stringify(v)}}`)].join('\n');
