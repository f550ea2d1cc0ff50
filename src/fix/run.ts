// What `fix` reports: the plan's changes, the patch per file, and the proof per Kubernetes version.
import type { Finding } from '../types.js';
import type { ManualChange } from './plan.js';

export interface FilePatch {
  file: string;
  before: string;
  after: string;
  diff: string;
}

export interface ProofCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VersionProof {
  kubeVersion: string;
  ok: boolean;
  checks: ProofCheck[];
}

export type FixStatus = 'nothing-to-do' | 'manual-only' | 'unproven' | 'proposed' | 'written';

export interface FixRun {
  chart: string;
  status: FixStatus;
  changes: string[];
  patches: FilePatch[];
  manual: ManualChange[];
  skipped: { finding: Finding; reason: string }[];
  proof: VersionProof[];
}
