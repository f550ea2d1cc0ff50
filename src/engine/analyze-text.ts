import type { TargetInfo } from '../types.js';
import { parseRendered } from '../parse/index.js';
import type { ParseOptions } from '../parse/index.js';
import { analyzeObjects } from './analyze.js';
import type { Analysis, AnalyzeOptions } from './analyze.js';

/** Pure: rendered text → objects → RBAC model → evidence → findings. */
export function analyzeText(
  text: string,
  target: TargetInfo,
  parseOptions: Omit<ParseOptions, 'target'>,
  options: AnalyzeOptions = {},
): Analysis {
  const parsed = parseRendered(text, { ...parseOptions, target: target.id });
  return analyzeObjects(parsed.objects, parsed.issues, parsed.documents, target, options);
}

