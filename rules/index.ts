import type { RuleModule } from '../src/rule-api/index.js';
import aggregateToBuiltin from './aggregate-to-builtin/index.js';
import apiserverNodeProxyPath from './apiserver-node-proxy-path/index.js';
import broadGroupBinding from './broad-group-binding/index.js';
import clusterAdminBinding from './cluster-admin-binding/index.js';
import deadKubeletSubresource from './dead-kubelet-subresource/index.js';
import ineffectiveRule from './ineffective-rule/index.js';
import kubeletSubresourceSkew from './kubelet-subresource-skew/index.js';
import malformedRbac from './malformed-rbac/index.js';
import missingKubeletPermission from './missing-kubelet-permission/index.js';
import wildcardGrant from './wildcard-grant/index.js';
import secretsRead from './secrets-read/index.js';
import workloadCreate from './workload-create/index.js';
import podExec from './pod-exec/index.js';
import rbacEscalation from './rbac-escalation/index.js';
import impersonate from './impersonate/index.js';
import tokenCreate from './token-create/index.js';
import csrApproval from './csr-approval/index.js';
import webhookConfigWrite from './webhook-config-write/index.js';
import nodeWrite from './node-write/index.js';
import persistentvolumeCreate from './persistentvolume-create/index.js';
import namespaceModify from './namespace-modify/index.js';
import networkpolicyWrite from './networkpolicy-write/index.js';
import secretWrite from './secret-write/index.js';
import serviceHijack from './service-hijack/index.js';
import configmapWrite from './configmap-write/index.js';
import destructiveDelete from './destructive-delete/index.js';
import nodesProxy from './nodes-proxy/index.js';

/**
 * The rule registry: the only list of rules. Order is report order for equal severities, nodes-proxy
 * first; ids are stable and unique (test/rules/meta.test.ts). A new rule is one folder here and one
 * line below.
 */
export const RULES: readonly RuleModule[] = [
  nodesProxy,
  apiserverNodeProxyPath,
  missingKubeletPermission,
  kubeletSubresourceSkew,
  deadKubeletSubresource,
  podExec,
  rbacEscalation,
  impersonate,
  clusterAdminBinding,
  broadGroupBinding,
  wildcardGrant,
  secretsRead,
  secretWrite,
  workloadCreate,
  tokenCreate,
  csrApproval,
  webhookConfigWrite,
  serviceHijack,
  nodeWrite,
  persistentvolumeCreate,
  namespaceModify,
  configmapWrite,
  networkpolicyWrite,
  destructiveDelete,
  aggregateToBuiltin,
  ineffectiveRule,
  malformedRbac,
];
