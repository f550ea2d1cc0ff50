// What `helm-rbac-lint fix` would change in a chart's own files, planned from the nodes-proxy
// findings of its renders. Pure: the findings and the chart's files in, edits and the changes
// left to a person out. Only advice whose evidence proves the kubelet paths is acted on.
import type { Finding } from '../types.js';
import { mergeFileEdits } from './edits.js';
import type { FileEdit } from './edits.js';
import { rbacLineEdit } from './rbac-line.js';
import { proxyPathLines, rewriteScrapeJob } from './scrape-jobs.js';

/** A change `fix` will not make, with why and what to do instead. */
export interface ManualChange {
  file: string | null;
  line: number | null;
  reason: string;
  change: string;
}

export interface FixPlan {
  edits: FileEdit[];
  /** One line per change made, for the report (`templates/clusterrole.yaml:13: nodes/proxy → removed (nodes/metrics already granted)`). */
  changes: string[];
  manual: ManualChange[];
  /** Findings acted on (fingerprints) and those left because their advice is not sure enough. */
  fixed: string[];
  skipped: { finding: Finding; reason: string }[];
  /** Some edit keeps nodes/proxy on older Kubernetes behind a KubeVersion gate. */
  gated: boolean;
}

export interface PlanInput {
  findings: readonly Finding[];
  /** The chart's own files by chart-relative path (values.yaml, templates/…); no dependencies. */
  files: ReadonlyMap<string, string>;
  /** The oldest minor the chart may run on (its kubeVersion within the supported window): older kubelets lack newer subresources. */
  oldestMinor: string;
  /** Kubelet subresources the finding's role already grants `get` on (in any of its rules): nothing to add for them. */
  granted: (f: Finding) => ReadonlySet<string>;
}

/** The subresources a fix grants instead of nodes/proxy: `nodes/<x>` of the advice's rules. */
function neededSubresources(f: Finding): string[] {
  const out = new Set<string>();
  for (const rule of f.fix?.rules ?? []) for (const r of rule.resources) if (r.startsWith('nodes/') && r !== 'nodes/proxy') out.add(r.slice('nodes/'.length));
  return [...out].sort();
}

/** Only advice that configuration proves (high confidence) is acted on; the rest needs a person. */
export const adviceIsProven = (f: Finding): boolean => f.fix?.confidence === 'high';

const isDependencyFile = (file: string): boolean => file.startsWith('charts/');

/** Where a values file of the chart itself lists nodes/proxy: the place to change for templated rules. */
function valuesLines(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of files) {
    if (!/^values[^/]*\.ya?ml$/.test(file)) continue;
    text.split(/\r?\n/).forEach((line, i) => {
      if (/(^|[\s"'[,])nodes\/proxy(["',\]\s]|$)/.test(line) && !line.trimStart().startsWith('#')) out.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

export function planFix(input: PlanInput): FixPlan {
  const plan: FixPlan = { edits: [], changes: [], manual: [], fixed: [], skipped: [], gated: false };
  const proxyScrapes = new Map<string, number[]>();
  for (const [file, text] of input.files) {
    if (isDependencyFile(file)) continue;
    const lines = proxyPathLines(text);
    if (lines.length > 0) proxyScrapes.set(file, lines);
  }
  const scraped = new Set<string>();
  for (const f of input.findings) {
    if (f.ruleId !== 'nodes-proxy' || f.suppressed) continue;
    if (!adviceIsProven(f)) {
      const templated = f.source.file && f.source.line ? (input.files.get(f.source.file)?.split(/\r?\n/)[f.source.line - 1] ?? '').includes('{{') : false;
      const where = templated ? valuesLines(input.files) : [];
      const from = where.length > 0 ? `; the grant comes from ${where.join(', ')}` : '';
      plan.skipped.push({ finding: f, reason: `the advice is not proven by configuration (low or medium confidence): change it by hand after checking what the workload calls${from}` });
      continue;
    }
    const proxyOnly = f.evidence.filter((e) => e.feature);
    if (proxyOnly.length > 0) {
      const features = proxyOnly.map((e) => `${e.feature?.name} (${e.kubeletPath ?? e.text}): ${e.feature?.off}`);
      plan.manual.push({
        file: f.source.file,
        line: f.source.line,
        reason: 'the workload uses a feature only nodes/proxy authorizes: keep nodes/proxy while it is on',
        change: ['turn it off, then run fix again:', ...features].join('\n'),
      });
      continue;
    }
    const file = f.source.file;
    if (!file || f.source.line === null) {
      plan.manual.push({ file, line: f.source.line, reason: 'the finding has no template line', change: f.fix?.summary ?? '' });
      continue;
    }
    if (isDependencyFile(file)) {
      plan.manual.push({ file, line: f.source.line, reason: 'the grant is in a dependency (a subchart): fix it upstream or override it from the parent chart', change: f.fix?.summary ?? '' });
      continue;
    }
    const text = input.files.get(file);
    if (text === undefined) {
      plan.manual.push({ file, line: f.source.line, reason: 'the template is not a file of this chart', change: f.fix?.summary ?? '' });
      continue;
    }
    const held = input.granted(f);
    const needed = neededSubresources(f).filter((s) => !held.has(s));
    const rbac = rbacLineEdit(text, f.source.line, needed, input.oldestMinor);
    if (rbac.kind === 'manual') {
      const grant = `grant ${needed.map((s) => `nodes/${s}`).join(', ') || 'nothing more'} instead of nodes/proxy`;
      plan.manual.push({ file, line: f.source.line, reason: rbac.reason, change: [grant, ...valuesLines(input.files)].join('\n') });
      continue;
    }
    plan.edits.push({ file, edits: rbac.edits });
    const already = neededSubresources(f).filter((s) => !rbac.added.includes(s));
    const what = rbac.added.length === 0 ? `removed (${already.map((s) => `nodes/${s}`).join(', ') || 'nothing else'} already granted)` : `→ ${rbac.added.map((s) => `nodes/${s}`).join(', ')}`;
    plan.changes.push(`${file}:${f.source.line}: nodes/proxy ${what}${rbac.gated ? ' where the Kubernetes version has them (older clusters keep nodes/proxy)' : ''}`);
    plan.fixed.push(f.fingerprint);
    plan.gated ||= rbac.gated;
    // The API-server proxy route always needs nodes/proxy: rewrite the jobs that use it.
    if (f.evidence.some((e) => e.access === 'apiserver-proxy')) {
      for (const [scrapeFile, lines] of proxyScrapes) {
        const source = input.files.get(scrapeFile) ?? '';
        for (const line of lines) {
          const key = `${scrapeFile}:${line}`;
          if (scraped.has(key)) continue;
          scraped.add(key);
          const r = rewriteScrapeJob(source, line);
          if (r.kind === 'manual') {
            plan.manual.push({ file: scrapeFile, line: r.manual.line, reason: r.manual.reason, change: `scrape the kubelet directly (scheme https, the node address on port 10250, the service-account CA and token) instead of ${source.split(/\r?\n/)[line]?.trim() ?? ''}\n${r.manual.lines.join('\n')}` });
            continue;
          }
          plan.edits.push({ file: scrapeFile, edits: r.job.edits });
          plan.changes.push(`${scrapeFile}:${r.job.line}: scrape job ${r.job.name ?? ''}${r.job.name ? ' ' : ''}scrapes the kubelet directly (${r.job.kubeletPath}) instead of through the API server`);
        }
      }
    }
  }
  plan.edits = mergeFileEdits(plan.edits);
  return plan;
}
