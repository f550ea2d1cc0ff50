// who-can output: which subjects the chart lets make a request, through which binding and role.
import type { AuthzRequest } from '../types.js';
import type { WhoCanEntry } from '../rbac/effective.js';
import { subjectLabel } from '../rbac/subjects.js';
import { terminalLine } from './sanitize.js';
import { objectLabel } from '../labels.js';

/** The request and who may make it: what the who-can formatters take. */
export interface WhoCanReport {
  request: AuthzRequest;
  entries: readonly WhoCanEntry[];
}

export function formatWhoCanJson(r: WhoCanReport): string {
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      request: r.request,
      subjects: r.entries.map((e) => ({
        subject: e.subject,
        binding: { kind: e.binding.kind, name: e.binding.name, namespace: e.binding.namespace, builtin: e.binding.builtin },
        role: { kind: e.role.kind, name: e.role.name, namespace: e.role.namespace, builtin: e.role.builtin },
        sourceRole: e.origin === e.role ? null : { kind: e.origin.kind, name: e.origin.name, namespace: e.origin.namespace },
        rule: e.rule,
      })),
    },
    null,
    2,
  )}\n`;
}

export function formatWhoCanText(r: WhoCanReport): string {
  const { request, entries } = r;
  const what = request.path ?? `${request.resource}${request.subresource ? `/${request.subresource}` : ''}${request.apiGroup ? `.${request.apiGroup}` : ''}${request.name ? ` ${request.name}` : ''}`;
  if (entries.length === 0) return `${terminalLine(`Nobody in the rendered chart may ${request.verb} ${what}.`)}\n`;
  const lines = [`Subjects that may ${request.verb} ${what}${request.namespace ? ` in namespace ${request.namespace}` : ''}:`];
  for (const e of entries) {
    const via = e.origin === e.role ? '' : ` (aggregated from ClusterRole ${e.origin.name})`;
    const binding = objectLabel(e.binding);
    lines.push(`  ${subjectLabel(e.subject)}  via ${binding} -> ${e.role.kind} ${e.role.name}${via}`);
  }
  // Each line on its own: a newline inside a subject or role name must not start a line.
  return `${lines.map(terminalLine).join('\n')}\n`;
}
