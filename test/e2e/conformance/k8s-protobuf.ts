// Just enough of the Kubernetes protobuf wire format to read the two request bodies kubectl
// sends to the fake API server. kubectl >= 1.35 posts SelfSubjectAccessReview and
// SelfSubjectRulesReview as `application/vnd.kubernetes.protobuf` (1.31 posts JSON), and does
// not retry with JSON when the server answers 415.
//
// Sources:
// - k8s.io/apimachinery pkg/runtime/serializer/protobuf/protobuf.go: the 4-byte prefix
//   "k8s\x00" followed by a runtime.Unknown (typeMeta = 1, raw = 2, contentEncoding = 3, contentType = 4)
// - k8s.io/api authorization/v1 generated.proto: SelfSubjectAccessReview (spec = 2),
//   SelfSubjectAccessReviewSpec (resourceAttributes = 1, nonResourceAttributes = 2),
//   ResourceAttributes (namespace 1, verb 2, group 3, version 4, resource 5, subresource 6,
//   name 7), NonResourceAttributes (path 1, verb 2), SelfSubjectRulesReviewSpec (namespace 1)
// - protobuf encoding: wire types 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

type Field = Uint8Array | number;

/** Top-level fields of one message, by field number (repeated fields keep their order). */
function readMessage(buf: Uint8Array): Map<number, Field[]> {
  const fields = new Map<number, Field[]>();
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= buf.length || shift > 49) throw new Error('protobuf: truncated varint');
      const byte = buf[pos++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    let value: Field;
    switch (key & 7) {
      case 0:
        value = varint();
        break;
      case 1:
      case 5: {
        const size = (key & 7) === 1 ? 8 : 4;
        value = buf.subarray(pos, pos + size);
        pos += size;
        break;
      }
      case 2: {
        const size = varint();
        if (pos + size > buf.length) throw new Error('protobuf: truncated field');
        value = buf.subarray(pos, pos + size);
        pos += size;
        break;
      }
      default:
        throw new Error(`protobuf: unsupported wire type ${key & 7}`);
    }
    fields.set(number, [...(fields.get(number) ?? []), value]);
  }
  return fields;
}

function bytesField(fields: Map<number, Field[]>, n: number): Uint8Array | undefined {
  const v = fields.get(n)?.at(-1);
  return v instanceof Uint8Array ? v : undefined;
}

function stringField(fields: Map<number, Field[]>, n: number): string {
  const v = bytesField(fields, n);
  return v ? new TextDecoder().decode(v) : '';
}

/** The object inside the "k8s\0" + runtime.Unknown envelope, as protobuf bytes. */
function unwrapEnvelope(body: Uint8Array): Map<number, Field[]> {
  if (!MAGIC.every((b, i) => body[i] === b)) throw new Error('protobuf: missing k8s envelope prefix');
  const raw = bytesField(readMessage(body.subarray(MAGIC.length)), 2);
  if (!raw) throw new Error('protobuf: envelope has no raw object');
  return readMessage(raw);
}

/** A SelfSubjectAccessReview spec in its JSON shape (authorization/v1 types.go json tags). */
export interface AccessReviewSpec {
  resourceAttributes?: {
    namespace: string;
    verb: string;
    group: string;
    version: string;
    resource: string;
    subresource: string;
    name: string;
  };
  nonResourceAttributes?: { path: string; verb: string };
}

export function decodeSelfSubjectAccessReviewSpec(body: Uint8Array): AccessReviewSpec {
  const spec = readMessage(bytesField(unwrapEnvelope(body), 2) ?? new Uint8Array());
  const res = bytesField(spec, 1);
  const nonRes = bytesField(spec, 2);
  const out: AccessReviewSpec = {};
  if (res) {
    const f = readMessage(res);
    const [namespace, verb, group, version, resource, subresource, name] = [1, 2, 3, 4, 5, 6, 7].map((n) => stringField(f, n));
    out.resourceAttributes = { namespace: namespace ?? '', verb: verb ?? '', group: group ?? '', version: version ?? '', resource: resource ?? '', subresource: subresource ?? '', name: name ?? '' };
  }
  if (nonRes) {
    const f = readMessage(nonRes);
    out.nonResourceAttributes = { path: stringField(f, 1), verb: stringField(f, 2) };
  }
  return out;
}

export function decodeSelfSubjectRulesReviewNamespace(body: Uint8Array): string {
  const spec = bytesField(unwrapEnvelope(body), 2);
  return spec ? stringField(readMessage(spec), 1) : '';
}
