// The Kubernetes versions a render stands for, as rules ask about them (src/kube-versions.ts).
export {
  FINE_GRAINED_KUBELET_SINCE,
  SUPPORT_WINDOW,
  assumptionText,
  chartKubeRange,
  compareMinors,
  kubeMinorsOf,
  kubeVersionsAssumed,
  minorOf,
} from '../kube-versions.js';
