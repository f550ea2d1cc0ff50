// How scalars are typed. Kubernetes decodes manifests with sigs.k8s.io/yaml, which runs
// gopkg.in/yaml.v2 (YAML 1.1): unquoted y/yes/on/n/no/off are booleans, `<<` merges, and
// timestamps stay strings when decoded into interface{}; base-60 numbers are "purposefully
// unsupported" (kubernetes-sigs/yaml yaml.go YAMLToJSON doc comment; goyaml.v2/resolve.go resolve()).
// We mirror that with the `yaml` package's yaml-1.1 schema minus timestamps and base-60 numbers.
import { Schema, isScalar, type DocumentOptions, type ParseOptions, type ScalarTag, type SchemaOptions, type Tags } from 'yaml';

function dropTimestampsAndBase60(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || (tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'));
}

/** Options for `Composer`/`parseAllDocuments`; the same everywhere so both parse paths agree. */
export const YAML_PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'yaml-1.1',
  merge: true,
  customTags: dropTimestampsAndBase60,
  intAsBigInt: false,
  uniqueKeys: true,
  prettyErrors: false,
  logLevel: 'silent',
};

/**
 * Alias expansion cap for `toJS` (billion-laughs guard). go-yaml refuses such input too
 * ("document contains excessive aliasing", decode.go allowedAliasRatio).
 */
export const MAX_ALIAS_COUNT = 100;

/**
 * Deepest nesting we parse. The `yaml` composer recurses about ten frames per level and V8 can
 * abort the whole process (not throw) when a stack overflow hits inside regexp compilation, which
 * we observed from ~1500 nested flow levels. go-yaml stops at 10000 ("exceeded max depth");
 * Kubernetes objects stay far below either limit.
 */
export const MAX_DEPTH = 256;

/** Types an unquoted scalar (`atKey`: as a mapping key); UNRESOLVED when the fast path must not decide. */
export type PlainScalarResolver = (text: string, atKey: boolean) => unknown;

// First characters of every plain scalar the schemas can type as null/bool/int/float/merge.
const MAYBE_TYPED = new Set('~nNyYtTfFoO0123456789+-.<');

/** Marker for a plain scalar the fast path must not decide alone. */
export const UNRESOLVED = Symbol('unresolved');

const MEMO_LIMIT = 4096;

/** A resolver that types plain scalars exactly as the composer does with `options`. */
function resolverFor(options: ParseOptions & SchemaOptions): PlainScalarResolver {
  const schema = new Schema(options);
  const valueTags = schema.tags.filter((t): t is ScalarTag => t.default === true && !t.collection && !!t.test);
  const keyTags = schema.tags.filter((t): t is ScalarTag => (t.default === true || t.default === 'key') && !t.collection && !!t.test);
  const resolve = (text: string, atKey: boolean): unknown => {
    for (const tag of atKey ? keyTags : valueTags) {
      if (!tag.test?.test(text)) continue;
      let failed = false;
      const resolved = tag.resolve(text, () => (failed = true), options);
      if (failed) return UNRESOLVED;
      return isScalar(resolved) ? resolved.value : resolved;
    }
    return text;
  };
  // Keys (`name`, `namespace`, `type`) and values (`true`, `8080`) repeat in every object: each
  // text is run through the tag tests once. Only primitives are kept (the merge key resolves to
  // an object and is asked afresh), and the memo is bounded.
  const memo = [new Map<string, unknown>(), new Map<string, unknown>()] as const;
  return (text, atKey) => {
    if (text.length > 0 && !MAYBE_TYPED.has(text[0] as string)) return text;
    const seen = memo[atKey ? 1 : 0];
    const hit = seen.get(text);
    if (hit !== undefined || seen.has(text)) return hit;
    const value = resolve(text, atKey);
    if (value !== null && typeof value === 'object') return value;
    if (seen.size >= MEMO_LIMIT) seen.clear();
    if (text.length <= 64) seen.set(text, value);
    return value;
  };
}

/** Types a plain (unquoted) scalar exactly as the composer would with YAML_PARSE_OPTIONS (manifests). */
export const resolvePlainScalar: PlainScalarResolver = resolverFor(YAML_PARSE_OPTIONS);

/**
 * The `yaml` package's defaults (YAML 1.2 core schema, no merge keys): how configs embedded in
 * string values are read (src/evidence/embedded.ts).
 */
export const resolveCoreScalar: PlainScalarResolver = resolverFor({});
