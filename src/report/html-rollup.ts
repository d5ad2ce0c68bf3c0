// The roll-up at the top of the HTML report, for one scenario or many: a row per scenario (its verdict,
// name apart from its file, and counts, linking to its section), then a row per tag.
import type { RunResult } from '../model/result.ts';
import { escapeHtml } from './html-page.ts';
import { summarizeScenario, VERDICT_WORDS } from './rollup.ts';
import { buildResultSetHead } from './result-set.ts';
import { countNotProbed, pluralize } from './result-text.ts';

const num = (value: number): string => `<td class="num">${value}</td>`;

/** The `<section>` of the roll-up; `runId(i)` is the anchor of scenario i's section. */
export const renderHtmlRollup = (results: readonly RunResult[], runId: (index: number) => string): string => {
  const { summary, scenarios, tags } = buildResultSetHead(
    results.map((result) => summarizeScenario(result)),
    '',
  );
  const rows = scenarios.map(
    (row, index) =>
      `<tr><td><span class="headline ${row.verdict}">${VERDICT_WORDS[row.verdict]}</span></td>` +
      `<td><a href="#${runId(index)}">${escapeHtml(row.name)}</a>${row.problem === undefined ? '' : ` <small>${escapeHtml(row.problem)}</small>`}</td>` +
      `<td><code>${escapeHtml(row.file)}</code></td>` +
      [row.summary.cells, row.summary.matched, row.summary.violations, row.summary.divergences, row.summary.probeErrors]
        .map(num)
        .join('') +
      num(countNotProbed(row.summary)) +
      num(row.expectFailures) +
      '</tr>',
  );
  const total =
    scenarios.length < 2
      ? []
      : [
          '<tfoot><tr><td></td><th scope="row">all</th><td></td>' +
            [summary.cells, summary.matched, summary.violations, summary.divergences, summary.probeErrors].map(num).join('') +
            num(countNotProbed(summary)) +
            num(summary.expectFailures) +
            '</tr></tfoot>',
        ];
  return [
    '<section class="card rollup" id="rollup">',
    `<h1>${pluralize(summary.scenarios, 'scenario')}</h1>`,
    '<table class="list rollup"><thead><tr><th>verdict</th><th>scenario</th><th>file</th><th class="num">cells</th>' +
      '<th class="num">matched</th><th class="num">violations</th><th class="num">divergences</th><th class="num">probe errors</th>' +
      '<th class="num">not probed</th><th class="num">expect failed</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    ...total,
    '</table>',
    ...(tags.length === 0
      ? []
      : [
          '<table class="list tags"><thead><tr><th>tag</th><th class="num">scenarios</th><th class="num">cells</th>' +
            '<th class="num">violations</th><th class="num">expect failed</th></tr></thead><tbody>',
          ...tags.map(
            (row) =>
              `<tr><td><code>${escapeHtml(row.tag)}</code></td>${[row.scenarios, row.cells, row.violations, row.expectFailures].map(num).join('')}</tr>`,
          ),
          '</tbody></table>',
        ]),
    '</section>',
  ].join('\n');
};
