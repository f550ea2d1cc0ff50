// Which template lines an object came from: picks the template `kind:` line that produced the
// object, then aligns the object's lines from there.
import { RenderedObject, type RenderedLines } from './rendered-object.js';
import { TemplateIndex } from './template-index.js';
import { AlignedMapper, type LineMapper } from './template-lines.js';

/** Candidates on each side of the preferred `kind:` line that are aligned and compared. */
const KIND_WINDOW = 4;

/**
 * The mapper of an object rendered on lines [first, last] whose `kind:` is at `kindLine`
 * (null: no kind line was found, align from the top). Candidates are the template's `kind:`
 * lines with that text (else templated `kind:` lines, else the first include/toYaml line).
 * helm keeps a template's documents in order within a kind (releaseutil.SortManifests sorts
 * stably by kind), so the `occurrence`-th candidate is preferred; but a template may hold
 * alternatives (`{{ if }} kind: ClusterRole … {{ else }} kind: ClusterRole …`, datadog-3.240.0
 * kube-state-metrics-core-rbac.yaml), so the candidate that matches most lines wins.
 */
export function objectMapper(
  index: TemplateIndex,
  lines: RenderedLines,
  range: { first: number; last: number },
  kindLine: number | null,
  occurrence: number,
  kindTemplateLine?: number,
): LineMapper {
  const object = new RenderedObject(lines, range.first, range.last);
  if (kindLine === null) return new AlignedMapper(index, object, null);
  if (kindTemplateLine !== undefined) return new AlignedMapper(index, object, { rendered: kindLine, template: kindTemplateLine });
  const raw = lines.line(kindLine);
  const candidates = kindCandidates(index, raw.trim(), raw.length - raw.trimStart().length);
  const at = (template: number | null): AlignedMapper => new AlignedMapper(index, object, { rendered: kindLine, template });
  if (candidates.length <= 1) return at(candidates[0] ?? null);
  const preferred = Math.min(occurrence, candidates.length - 1);
  let best = at(candidates[preferred] as number);
  for (let i = Math.max(0, preferred - KIND_WINDOW); i < Math.min(candidates.length, preferred + KIND_WINDOW + 1); i++) {
    if (i === preferred) continue;
    const mapper = at(candidates[i] as number);
    if (mapper.matchedLines > best.matchedLines) best = mapper;
  }
  return best;
}

function kindCandidates(index: TemplateIndex, kindText: string, kindIndent: number): readonly number[] {
  const sameIndent = (lines: readonly number[]): readonly number[] => {
    const same = lines.filter((n) => index.indent(n) === kindIndent);
    return same.length > 0 ? same : lines;
  };
  const literal = sameIndent(index.linesWithText(kindText));
  if (literal.length > 0) return literal;
  const templated = sameIndent(index.linesWithTemplatedKey('kind:'));
  if (templated.length > 0) return templated;
  const emitting = index.firstEmitting();
  return emitting === null ? [] : [emitting];
}

const indexCache = new Map<string, TemplateIndex>();

/** Template indexes by text, for callers that pass the same template text repeatedly (bounded). */
export function templateIndexFor(text: string): TemplateIndex {
  let index = indexCache.get(text);
  if (!index) {
    if (indexCache.size >= 64) indexCache.delete(indexCache.keys().next().value as string);
    index = new TemplateIndex(text);
    indexCache.set(text, index);
  }
  return index;
}
