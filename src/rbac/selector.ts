import type { LabelSelector } from '../types.js';

// Label selector semantics of k8s.io/apimachinery/pkg/apis/meta/v1 LabelSelectorAsSelector:
// matchLabels and matchExpressions are ANDed; an empty selector matches everything.
// Operators (labels/selector.go): In, NotIn, Exists, DoesNotExist. NotIn and
// DoesNotExist match when the key is absent. An unknown operator makes the selector
// invalid (the API server rejects the ClusterRole), so it matches nothing here.

export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = labels[req.key];
    switch (req.operator) {
      case 'In':
        if (!has || !req.values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && req.values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
