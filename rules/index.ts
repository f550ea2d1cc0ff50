import type { RuleModule } from '../src/engine/rule.js';
import aggregateToBuiltin from './aggregate-to-builtin.js';
import apiserverNodeProxyPath from './apiserver-node-proxy-path.js';
import broadGroupBinding from './broad-group-binding.js';
import clusterAdminBinding from './cluster-admin-binding.js';
import deadKubeletSubresource from './dead-kubelet-subresource.js';
import ineffectiveRule from './ineffective-rule.js';
import kubeletSubresourceSkew from './kubelet-subresource-skew.js';
import malformedRbac from './malformed-rbac.js';
import wildcardGrant from './wildcard-grant.js';
import secretsRead from './secrets-read.js';
import workloadCreate from './workload-create.js';
import podExec from './pod-exec.js';
import rbacEscalation from './rbac-escalation.js';
import impersonate from './impersonate.js';
import tokenCreate from './token-create.js';
import csrApproval from './csr-approval.js';
import webhookConfigWrite from './webhook-config-write.js';
import nodeWrite from './node-write.js';
import persistentvolumeCreate from './persistentvolume-create.js';
import namespaceModify from './namespace-modify.js';
import nodesProxy from './nodes-proxy.js';

/** Every rule, nodes-proxy first; ids are stable and unique (checked by test/rules/meta.test.ts). */
export const RULES: readonly RuleModule[] = [
  nodesProxy,
  apiserverNodeProxyPath,
  kubeletSubresourceSkew,
  deadKubeletSubresource,
  podExec,
  rbacEscalation,
  impersonate,
  clusterAdminBinding,
  broadGroupBinding,
  wildcardGrant,
  secretsRead,
  workloadCreate,
  tokenCreate,
  csrApproval,
  webhookConfigWrite,
  nodeWrite,
  persistentvolumeCreate,
  namespaceModify,
  aggregateToBuiltin,
  ineffectiveRule,
  malformedRbac,
];

export function ruleById(id: string): RuleModule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
