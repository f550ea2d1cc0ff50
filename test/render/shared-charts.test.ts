// Every real chart of ../shared/charts renders with the command its INDEX.md row gives,
// under both helm binaries, with the document count and size INDEX.md records ("docs = the
// number of non-empty YAML documents"; "Helm 4 gave the same byte count and document count
// in every case"). Commands and expectations are read from INDEX.md itself.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasContent } from '../../src/render/documents.js';
import { assumedMinors } from '../../src/kube-versions.js';
import { renderTargets } from '../../src/render/index.js';
import type { RenderOptions } from '../../src/render/index.js';
import { HELMS, baseOptions } from './fixtures.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shared = resolve(projectRoot, '../shared');
const index = resolve(shared, 'charts/INDEX.md');
const available = existsSync(index);
if (!available) console.warn(`shared-charts tests not run: ${index} is absent`);

interface IndexCommand {
  command: string;
  bytes: number;
  docs: number;
}

/** Rows of the INDEX.md table: the `helm template` command, its variants ("add `…`") and their sizes. */
function indexCommands(markdown: string): IndexCommand[] {
  return markdown.split('\n').filter((l) => l.startsWith('| `charts/')).flatMap((row) => {
    const commandCell = row.split(' | ')[4] ?? '';
    const sizeCell = row.split(' | ')[5] ?? '';
    const primary = /`(helm template [^`]+)`/.exec(commandCell)?.[1];
    if (!primary) return [];
    const variants = [...commandCell.matchAll(/add `([^`]+)`/g)].map((m) => `${primary} ${m[1]}`);
    const sizes = [...sizeCell.matchAll(/(\d+) \/ (\d+)/g)].map((m) => ({ bytes: Number(m[1]), docs: Number(m[2]) }));
    return [primary, ...variants].map((command, i) => ({ command, bytes: sizes[i]?.bytes ?? NaN, docs: sizes[i]?.docs ?? NaN }));
  });
}

/** `helm template t <chart> --namespace monitoring …` as render arguments (paths relative to shared/). */
function toRender(command: string): { chart: string; opts: Partial<RenderOptions> } {
  const [, , release, chart, ...flags] = command.split(/\s+/);
  const opts: Partial<RenderOptions> & { values: string[]; set: string[]; kubeVersions: string[] } = { releaseName: release, values: [], set: [], kubeVersions: [] };
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === '--include-crds') {
      opts.includeCrds = true;
      continue;
    }
    const value = flags[++i] ?? '';
    if (flag === '--namespace') opts.namespace = value;
    else if (flag === '-f') opts.values.push(value);
    else if (flag === '--set') opts.set.push(value);
    else if (flag === '--kube-version') opts.kubeVersions.push(value);
    else throw new Error(`INDEX.md command uses a flag this test does not translate: ${flag}`);
  }
  return { chart: chart ?? '', opts };
}

function documentCount(text: string): number {
  return text.split(/^---\s*$/m).filter(hasContent).length;
}

const commands = available ? indexCommands(readFileSync(index, 'utf8')) : [];

describe.skipIf(!available)('shared charts render as INDEX.md says', () => {
  it('INDEX.md lists the charts of the corpus', () => {
    expect(commands.length).toBeGreaterThanOrEqual(12);
  });

  describe.each(HELMS)('$label', ({ bin }) => {
    it.each(commands)('$command', async ({ command, bytes, docs }) => {
      const { chart, opts } = toRender(command);
      // One render, as INDEX.md's one helm template (without --kube-version: the newest assumed minor).
      const [r, ...rest] = await renderTargets([chart], baseOptions({ helm: bin, cwd: shared, singleAssumedRender: true, ...opts }));
      expect(rest).toEqual([]);
      expect(documentCount(r?.text ?? '')).toBe(docs);
      expect(Buffer.byteLength(r?.text ?? '')).toBe(bytes);
    }, 120_000);
  });

  it.each(HELMS)('INDEX.md KubeVersion trap: opentelemetry-operator 0.107.1 without --kube-version renders at both ends of the supported window, whatever helm runs ($label)', async ({ bin }) => {
    // helm 3.17.3 alone would render 1.32.0 (nodes/proxy), helm 4.1.4 1.35.0 (nodes/pods): its
    // clusterrole.yaml branches on .Capabilities.KubeVersion, so both sides are rendered.
    const renders = await renderTargets(['charts/opentelemetry-operator-0.107.1'], baseOptions({ helm: bin, cwd: shared, namespace: 'monitoring', releaseName: 't' }));
    expect(renders.map((r) => [r.target.render, r.target.kubeVersion, r.target.kubeMinors])).toEqual([
      ['kube 1.37.0', '1.37.0', ['1.37']],
      ['kube 1.32.0', '1.32.0', ['1.32']],
    ]);
    expect(renders.map((r) => [r.text.includes('- nodes/proxy'), r.text.includes('- nodes/pods')])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it.each(HELMS)('a chart whose RBAC does not branch on the version renders once, standing for the whole window ($label)', async ({ bin }) => {
    const renders = await renderTargets(['charts/opentelemetry-operator-0.107.0'], baseOptions({ helm: bin, cwd: shared, namespace: 'monitoring', releaseName: 't' }));
    expect(renders.map((r) => [r.target.render, r.target.kubeVersion, r.target.kubeMinors])).toEqual([[null, '1.37.0', assumedMinors(null)]]);
  });

  it('datadog 3.240.0: templates of the aliased, nested subchart are readable by their `# Source:` path (INDEX.md datadog)', async () => {
    const [r] = await renderTargets(['charts/datadog-3.240.0'], baseOptions({ helm: HELMS[0]?.bin, cwd: shared, namespace: 'monitoring' }));
    const sources = new Set([...(r?.text ?? '').matchAll(/^# Source: datadog\/(.+)$/gm)].map((m) => m[1] ?? ''));
    expect([...sources].some((s) => s.startsWith('charts/operator/charts/datadogCRDs/'))).toBe(true);
    for (const source of sources) expect(r?.readTemplate(source), source).not.toBeNull();
  });
});
