// A minimal, plain-HTTP stand-in for kube-apiserver that answers exactly what the real
// `kubectl auth can-i` asks, with RBAC decisions computed by OUR model. Running the real kubectl
// binary against it checks our printer, resource resolution and namespace handling against
// kubectl's own code.
//
// What kubectl requests (observed with kubectl 1.31.9 and 1.35.2, matching client-go):
// - GET /api and /apis with an Accept list that prefers aggregated discovery
//   (`application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,…,application/json`).
//   We answer plain `application/json` (APIVersions / APIGroupList), so client-go's
//   discovery_client.go takes its legacy path and fetches every group version's APIResourceList.
// - POST …/selfsubjectrulesreviews and …/selfsubjectaccessreviews, JSON (1.31) or protobuf
//   (1.35), accepting a JSON answer. Impersonation arrives as Impersonate-User and one
//   Impersonate-Group header per --as-group (client-go transport/round_trippers.go).
// The kubeconfig points at http://127.0.0.1:<port>/m<id>, a path prefix per model, so several
// models can be served at once without shared mutable state.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { AuthzRequest } from '../../../src/types.js';
import type { RbacModel } from '../../../src/rbac/model.js';
import { effectivePermissions } from '../../../src/rbac/effective.js';
import { selfSubjectRulesStatus } from '../../../src/rbac/kubectl-print.js';
import { canIAccess } from '../../../src/rbac/can-i.js';
import { userInfoFor } from '../../../src/rbac/subjects.js';
import { discoveryDocument } from './discovery.js';
import { decodeSelfSubjectAccessReviewSpec, decodeSelfSubjectRulesReviewNamespace } from './k8s-protobuf.js';
import type { AccessReviewSpec } from './k8s-protobuf.js';

const MAX_BODY = 1 << 20;
const KUBECTL_TIMEOUT_MS = 30_000;
const AUTHZ = '/apis/authorization.k8s.io/v1/';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface FakeApiServer {
  /** Serves `model` under its own prefix; returns the path of a kubeconfig that points at it. */
  kubeconfigFor(model: RbacModel): string;
  /** Runs `kubectl --kubeconfig <kubeconfig> ARGS` with HOME and KUBECACHEDIR in the server's temp dir (never the user's). */
  kubectl(bin: string, kubeconfig: string, args: readonly string[]): Promise<KubectlResult>;
  close(): Promise<void>;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  send(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message, code });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Every header value of a repeated header (Node joins repeated unknown headers with ", "). */
function headerValues(req: IncomingMessage, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === name) out.push(req.rawHeaders[i + 1] ?? '');
  }
  return out;
}

type JsonSpec = { spec?: Partial<AccessReviewSpec> & { namespace?: string } };

function accessSpec(body: Buffer, protobuf: boolean): AccessReviewSpec {
  if (protobuf) return decodeSelfSubjectAccessReviewSpec(body);
  const spec = (JSON.parse(body.toString('utf8')) as JsonSpec).spec ?? {};
  const r = spec.resourceAttributes;
  const n = spec.nonResourceAttributes;
  return {
    resourceAttributes: r && { namespace: r.namespace ?? '', verb: r.verb ?? '', group: r.group ?? '', version: r.version ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', name: r.name ?? '' },
    nonResourceAttributes: n && { path: n.path ?? '', verb: n.verb ?? '' },
  };
}

/** authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom, as our AuthzRequest. */
function requestOf(spec: AccessReviewSpec): AuthzRequest | null {
  const r = spec.resourceAttributes;
  if (r) return { verb: r.verb, apiGroup: r.group, resource: r.resource, subresource: r.subresource, name: r.name, namespace: r.namespace };
  const n = spec.nonResourceAttributes;
  return n ? { verb: n.verb, path: n.path } : null;
}

async function answerReview(req: IncomingMessage, res: ServerResponse, model: RbacModel, review: string): Promise<void> {
  const [impersonated] = headerValues(req, 'impersonate-user');
  if (!impersonated) return status(res, 403, 'Forbidden', 'the fake API server only answers impersonated requests (--as)');
  const user = userInfoFor(impersonated, headerValues(req, 'impersonate-group'));
  const contentType = req.headers['content-type'] ?? '';
  const protobuf = contentType.includes('protobuf');
  if (!protobuf && !contentType.includes('json')) return status(res, 415, 'UnsupportedMediaType', contentType);
  const body = await readBody(req);
  const meta = { apiVersion: 'authorization.k8s.io/v1', metadata: {} };
  if (review === 'selfsubjectrulesreviews') {
    const namespace = protobuf ? decodeSelfSubjectRulesReviewNamespace(body) : ((JSON.parse(body.toString('utf8')) as JsonSpec).spec?.namespace ?? '');
    // rulesreview REST Create: RulesFor(user, namespace); RBAC alone is never incomplete.
    const rules = effectivePermissions(model, user, { namespace }).map((e) => e.rule);
    return send(res, 201, { kind: 'SelfSubjectRulesReview', ...meta, spec: { namespace }, status: { ...selfSubjectRulesStatus(rules), incomplete: false } });
  }
  const spec = accessSpec(body, protobuf);
  const request = requestOf(spec);
  if (!request) return status(res, 422, 'Invalid', 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const answer = canIAccess(model, user, request);
  return send(res, 201, { kind: 'SelfSubjectAccessReview', ...meta, spec, status: { allowed: answer.allowed, ...(answer.reason ? { reason: answer.reason } : {}) } });
}

function route(models: ReadonlyMap<string, RbacModel>, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
  const url = new URL(req.url ?? '/', 'http://fake');
  const match = /^\/(m\d+)(\/.*)$/.exec(url.pathname);
  const model = match ? models.get(match[1] ?? '') : undefined;
  const path = match?.[2] ?? '';
  if (!model) return status(res, 404, 'NotFound', `no model at ${url.pathname}`);
  if (req.method === 'GET') {
    const doc = discoveryDocument(path, model.kubeVersion);
    return doc ? send(res, 200, doc) : status(res, 404, 'NotFound', 'the server could not find the requested resource');
  }
  const review = path.startsWith(AUTHZ) ? path.slice(AUTHZ.length) : '';
  if (req.method === 'POST' && (review === 'selfsubjectrulesreviews' || review === 'selfsubjectaccessreviews')) return answerReview(req, res, model, review);
  return status(res, 405, 'MethodNotAllowed', `${req.method ?? ''} ${path}`);
}

export async function startFakeApiServer(): Promise<FakeApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-fake-apiserver-'));
  const models = new Map<string, RbacModel>();
  const server: Server = createServer((req, res) => {
    Promise.resolve(route(models, req, res)).catch((e: unknown) => {
      if (!res.headersSent) status(res, 500, 'InternalError', e instanceof Error ? e.message : String(e));
      else res.destroy();
    });
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake API server has no TCP address');
  const base = `http://127.0.0.1:${address.port}`;

  return {
    kubeconfigFor(model) {
      const id = `m${models.size}`;
      models.set(id, model);
      const file = join(dir, `${id}.kubeconfig`);
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake', cluster: { server: `${base}/${id}` } }],
        users: [{ name: 'tester', user: {} }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'tester' } }],
        'current-context': 'fake',
      };
      writeFileSync(file, JSON.stringify(config));
      return file;
    },
    async kubectl(bin, kubeconfig, args) {
      const r = await execa(bin, ['--kubeconfig', kubeconfig, ...args], {
        reject: false,
        timeout: KUBECTL_TIMEOUT_MS,
        // One discovery cache per binary: versions may run at once and cache formats may differ.
        env: { HOME: dir, KUBECACHEDIR: join(dir, 'cache', createHash('sha256').update(bin).digest('hex').slice(0, 12)) },
        extendEnv: false,
        stdin: 'ignore',
        stripFinalNewline: false,
      });
      if (r.timedOut) throw new Error(`kubectl timed out: ${args.join(' ')}`);
      return { code: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
