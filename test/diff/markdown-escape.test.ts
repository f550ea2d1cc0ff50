import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownCode, markdownDetails, markdownProse, markdownTable } from '../../src/report/markdown-escape.js';

// Expected outputs follow CommonMark 0.31 §2.5 (entity and numeric character references are
// decoded and never markup) and §6.6 (raw HTML), the GFM spec's tables extension (rows are split
// on unescaped `|` before inline parsing), and GitHub's mention/issue-reference autolinking, which
// Renovate's sanitizeMarkdown defeats with a zero-width space after `@`.
describe('escapeMarkdown', () => {
  const cases: { name: string; input: string; expected: string }[] = [
    { name: 'plain names stay readable', input: 't-prometheus-server nodes/proxy 1.33', expected: 't-prometheus-server nodes/proxy 1.33' },
    { name: 'HTML tags and comments', input: '<img src=x onerror="alert(1)"><!-- x -->', expected: '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;!-- x --&gt;' },
    { name: 'table pipes', input: 'a|b', expected: 'a&#124;b' },
    { name: 'backticks cannot open a code span', input: '`rm -rf`', expected: '&#96;rm -rf&#96;' },
    { name: '@mentions are broken with a zero-width space', input: 'ping @octocat', expected: 'ping @&#8203;octocat' },
    { name: 'issue references are broken', input: 'fixes #123', expected: 'fixes #&#8203;123' },
    { name: 'newlines cannot end a row or item', input: 'a\nb\r\nc', expected: 'a b c' },
    { name: 'emphasis, links, images, strikethrough, math', input: '**b** _i_ ![x](y) [l](u) ~~s~~ $1', expected: '&#42;&#42;b&#42;&#42; &#95;i&#95; !&#91;x&#93;(y) &#91;l&#93;(u) &#126;&#126;s&#126;&#126; &#36;1' },
    { name: 'bare URLs are not autolinked', input: 'https://evil.example www.evil.example', expected: 'https:&#8203;//evil.example www&#8203;.evil.example' },
    { name: 'a leading list marker', input: '- item', expected: '&#45; item' },
    { name: 'a leading heading marker', input: '# title', expected: '&#35; title' },
    { name: 'a leading ordered-list marker', input: '1. first', expected: '1&#46; first' },
    { name: 'backslashes and ampersands', input: 'a\\b & c', expected: 'a&#92;b &amp; c' },
    { name: 'terminal control characters are dropped', input: 'a\u001b[31mb', expected: 'a&#91;31mb' },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('never leaves a character that starts markup', () => {
    const hostile = '<script>|`@x #1 *_[]~$\\\n';
    expect(escapeMarkdown(hostile)).not.toMatch(/[<>|`*_[\]~$\\\n]|@x|#1\b/);
  });
});

describe('markdown helpers', () => {
  it('markdownCode wraps escaped text in <code>', () => {
    expect(markdownCode('a|`b`')).toBe('<code>a&#124;&#96;b&#96;</code>');
  });
  it('markdownTable builds a GFM table', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
  it('markdownDetails leaves blank lines so the body renders as Markdown', () => {
    expect(markdownDetails('s', 'body')).toBe('<details><summary>s</summary>\n\nbody\n\n</details>');
  });
});

// Our prose marks code with backticks (fix advice: "`kubernetes_sd_configs` `role: node`"); in a
// job summary it must stay code, while chart text inside it still cannot inject (CommonMark §6.1
// code spans, §6.2 emphasis: an underscore between alphanumerics neither opens nor closes it).
describe('markdownProse', () => {
  const cases: { name: string; input: string; expected: string }[] = [
    { name: 'inline code stays code', input: 'Prometheus: `kubernetes_sd_configs` `role: node`, `scheme: https`', expected: 'Prometheus: <code>kubernetes_sd_configs</code> <code>role: node</code>, <code>scheme: https</code>' },
    { name: 'underscores inside words stay as written', input: 'replace nodes/proxy with kubernetes_sd_configs', expected: 'replace nodes/proxy with kubernetes_sd_configs' },
    { name: 'underscores that could start emphasis are escaped', input: 'no __address__ rewrite, _i_', expected: 'no &#95;&#95;address&#95;&#95; rewrite, &#95;i&#95;' },
    { name: 'HTML inside code stays text', input: '`<img src=x onerror=alert(1)>`', expected: '<code>&lt;img src=x onerror=alert(1)&gt;</code>' },
    { name: 'a pipe inside code cannot split a table cell', input: 'use `a|b`', expected: 'use <code>a&#124;b</code>' },
    { name: 'emphasis inside code is not emphasis', input: '`__x__ *y*`', expected: '<code>&#95;&#95;x&#95;&#95; &#42;y&#42;</code>' },
    { name: 'an unmatched backtick is literal', input: 'a ` b', expected: 'a &#96; b' },
    { name: 'a longer fence holds a backtick', input: '``a`b``', expected: '<code>a&#96;b</code>' },
    { name: 'one space each side of code is stripped', input: '`` `x` ``', expected: '<code>&#96;x&#96;</code>' },
    { name: 'links, mentions and issue references outside code are escaped', input: '[l](https://evil.example) @octocat #12', expected: '&#91;l&#93;(https:&#8203;//evil.example) @&#8203;octocat #&#8203;12' },
    { name: 'a leading list marker, only at the start', input: '- run `helm dependency build` - then', expected: '&#45; run <code>helm dependency build</code> - then' },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(markdownProse(input)).toBe(expected);
  });
});
