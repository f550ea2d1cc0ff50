import type { Command } from 'commander';
import { registeredRules } from '../api/index.js';
import { ruleDocText } from '../report/rule-docs.js';
import { usageError } from '../errors.js';
import type { CliIO } from './io.js';

export function registerRulesCommands(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('rules')
    .description('List every rule: id, default severity, what it flags.')
    .option('--json', 'machine-readable list')
    .action((flags: { json?: boolean }) => {
      const { rules: RULES } = registeredRules();
      if (flags.json) {
        const list = RULES.map((r) => ({ id: r.meta.id, severity: r.meta.severity, category: r.meta.category, summary: r.meta.docs.summary }));
        io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      } else {
        const w = Math.max(...RULES.map((r) => r.meta.id.length));
        for (const r of RULES) io.stdout(`${r.meta.id.padEnd(w)}  ${r.meta.severity.padEnd(8)}  ${r.meta.docs.summary}\n`);
        io.stdout(`\nRun \`helm-rbac-lint explain <rule-id>\` for a rule's documentation.\n`);
      }
      setExit(0);
    });
  program
    .command('explain')
    .description("Print a rule's documentation: why it matters, how to fix, examples, references.")
    .argument('<rule-id>', 'rule id, as listed by `helm-rbac-lint rules`')
    .action((id: string) => {
      const { rules, ids } = registeredRules();
      const rule = rules.find((r) => r.meta.id === id);
      if (!rule) {
        const close = ids.filter((x) => x.includes(id) || id.includes(x));
        throw usageError(`unknown rule ${JSON.stringify(id)}${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}; run \`helm-rbac-lint rules\``);
      }
      io.stdout(ruleDocText(rule));
      setExit(0);
    });
}
