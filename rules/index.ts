import type { RuleModule } from '../src/engine/rule.js';
import aggregateToBuiltin from './aggregate-to-builtin.js';
import apiserverNodeProxyPath from './apiserver-node-proxy-path.js';
import broadGroupBinding from './broad-group-binding.js';
import clusterAdminBinding from './cluster-admin-binding.js';
import deadKubeletSubresource from './dead-kubelet-subresource.js';
import ineffectiveRule from './ineffective-rule.js';
import kubeletSubresourceSkew from './kubelet-subresource-skew.js';
import malformedRbac from './malformed-rbac.js';
import nodesProxy from './nodes-proxy.js';

/** Every rule, nodes-proxy first; ids are stable and unique (checked by test/rules/meta.test.ts). */
export const RULES: readonly RuleModule[] = [
  nodesProxy,
  apiserverNodeProxyPath,
  kubeletSubresourceSkew,
  deadKubeletSubresource,
  ineffectiveRule,
  broadGroupBinding,
  clusterAdminBinding,
  aggregateToBuiltin,
  malformedRbac,
];

export function ruleById(id: string): RuleModule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
