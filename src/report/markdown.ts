// Markdown for a GitHub step summary or a PR comment: the roll-up (a row per scenario, one scenario or
// many), then per scenario the verdict, the fingerprint, per step the mismatches with their
// explanations and, folded away, the matrices.
import type { ResultCell, RunResult, StepResult } from '../model/result.ts';
import type { ScenarioVerdict } from '../model/result-set.ts';
import { renderGridLines } from './grid-text.ts';
import { describeNotProbed } from './not-probed.ts';
import { buildResultSetHead } from './result-set.ts';
import { summarizeScenario, VERDICT_WORDS } from './rollup.ts';
import { buildPalette } from './palette.ts';
import { computeStepHeadline, failedExpectations, unobservedExpectations } from './run-report.ts';
import type { Headline } from './result-text.ts';
import {
  CLASS_LABELS,
  computeHeadline,
  countNotProbed,
  computeResultHeadline,
  describeConvergence,
  describeEnforcement,
  describeDeviationTitle,
  describeFingerprint,
  describeHeadline,
  describeObservation,
  describeRunProblem,
  describeTarget,
  formatDuration,
  isPredictionOnly,
  pluralize,
} from './result-text.ts';

/** Mismatches listed per step before the rest are only counted (a step summary has a size limit). */
export const MARKDOWN_MISMATCH_LIMIT = 100;

const HEADLINE_MARKS: Readonly<Record<Headline, string>> = { fail: '❌', warn: '⚠️', pass: '✅', predicted: '🔮', error: '❌' };

/** Text that Markdown shows as written, also inside a table cell. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>|#]/g, (character) => `\\${character}`);

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

const table = (head: readonly string[], align: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${head.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

const summaryTable = (result: RunResult): string => {
  const { summary } = result;
  return table(
    ['cells', 'matched', 'violations', 'divergences', 'probe errors', 'not probed'],
    ['---:', '---:', '---:', '---:', '---:', '---:'],
    [
      [summary.cells, summary.matched, summary.violations, summary.divergences, summary.probeErrors, countNotProbed(summary)].map(
        String,
      ),
    ],
  );
};

const renderFingerprint = (result: RunResult): string[] => {
  const text = describeFingerprint(result);
  const { fingerprint } = result;
  if (text === undefined || fingerprint === undefined) return [];
  const lines = [`**Fingerprint:** ${escapeMarkdown(text)}.`];
  if ((fingerprint.alternatives?.length ?? 0) > 0) {
    lines.push(
      '',
      `The scenario cannot tell this apart from: ${(fingerprint.alternatives ?? []).map((set) => set.map(code).join(' + ')).join('; ')}.`,
    );
  }
  const cells = fingerprint.unexplainedCells ?? [];
  if (cells.length > 0) {
    lines.push('', 'Unexplained cells (no deviation in the catalogue predicts them — worth a bug report):', '');
    lines.push(
      ...cells.map((cell) => `- step ${code(cell.step)}: ${code(`${cell.from} → ${cell.to} ${cell.port}/${cell.protocol}`)}`),
    );
  }
  return ['', ...lines];
};

const renderGaps = (result: RunResult): string[] => {
  const gaps = result.gaps ?? [];
  if (gaps.length === 0) return [];
  return [
    '',
    '**What the mismatches look like** (deviations whose prediction matches what was observed):',
    '',
    table(
      ['deviation', 'meaning', 'cells', 'steps'],
      ['---', '---', '---:', '---'],
      gaps.map((gap) => [
        code(gap.deviation),
        escapeMarkdown(describeDeviationTitle(gap.deviation)),
        String(gap.cells),
        gap.steps.map(code).join(', '),
      ]),
    ),
  ];
};

const mismatchRow = (cell: ResultCell): string[] => [
  `${cell.class === undefined ? '' : CLASS_LABELS[cell.class]}${cell.implementationDefined === undefined ? '' : ` (${cell.implementationDefined})`}`,
  code(`${cell.from} → ${cell.to}`),
  code(`${cell.port}/${cell.protocol}${cell.family === 'IPv4' ? '' : ` ${cell.family}`}`) +
    (cell.portName === undefined ? '' : ` ${escapeMarkdown(cell.portName)}`),
  cell.predicted,
  escapeMarkdown(describeObservation(cell).replace(/^observed /, '')),
  escapeMarkdown(cell.explanation ?? ''),
  (cell.deviations ?? []).map(code).join(', '),
];

const renderMismatches = (step: StepResult): string[] => {
  const mismatched = step.cells.filter((cell) => cell.class !== undefined);
  if (mismatched.length === 0) return [];
  const shown = mismatched.slice(0, MARKDOWN_MISMATCH_LIMIT);
  return [
    '',
    table(
      ['class', 'cell', 'port', 'predicted', 'observed', 'why (the spec)', 'looks like'],
      ['---', '---', '---', '---', '---', '---', '---'],
      shown.map(mismatchRow),
    ),
    ...(mismatched.length > shown.length
      ? ['', `… and ${mismatched.length - shown.length} more mismatches (see the JSON or HTML report).`]
      : []),
  ];
};

const PLAIN = buildPalette(false);

const renderStep = (step: StepResult, predictionOnly: boolean): string[] => {
  const mode = predictionOnly ? 'predicted' : 'observed';
  const headline = predictionOnly ? computeHeadline(step.summary, true) : computeStepHeadline(step);
  const convergence = describeConvergence(step);
  const enforcement = describeEnforcement(step);
  const failed = failedExpectations(step);
  const unobserved = unobservedExpectations(step).length;
  const facts = [
    `policies: ${step.policies.length === 0 ? 'none' : step.policies.map(code).join(', ')}`,
    ...(enforcement === undefined ? [] : [enforcement]),
    ...(convergence === undefined ? [] : [convergence]),
    ...(step.features === undefined || step.features.length === 0 ? [] : [`exercises ${step.features.map(code).join(', ')}`]),
  ];
  return [
    '',
    `### ${HEADLINE_MARKS[headline]} Step ${code(step.name)}: ${describeHeadline(step.summary, predictionOnly)}`,
    '',
    facts.join(' · '),
    ...renderMismatches(step),
    ...(step.expectations.length === 0
      ? []
      : [
          '',
          `expect: ${step.expectations.length - failed.length - unobserved} of ${step.expectations.length} hold${unobserved === 0 ? '' : `, ${unobserved} not observed`}`,
          ...(failed.length === 0 ? [] : ['']),
          ...failed.map(
            (e) =>
              `- ❌ ${code(e.source)}: ${code(`${e.from} → ${e.to} ${e.port}/${e.protocol}`)}: ${escapeMarkdown(e.message ?? 'does not hold')}`,
          ),
        ]),
    '',
    `<details${step.summary.violations + step.summary.divergences + step.summary.probeErrors > 0 ? ' open' : ''}><summary>${predictionOnly ? 'Predicted' : 'Observed'} matrix</summary>`,
    '',
    '```text',
    ...renderGridLines(step.cells, mode, PLAIN),
    '```',
    '',
    '</details>',
  ];
};

const renderResult = (result: RunResult): string[] => {
  const predictionOnly = isPredictionOnly(result);
  const headline = computeResultHeadline(result);
  const problem = describeRunProblem(result);
  return [
    `## ${HEADLINE_MARKS[headline]} netpol-probe: ${escapeMarkdown(result.scenario.name)} — ${describeHeadline(result.summary, predictionOnly)}`,
    '',
    `${code(result.scenario.file)} · ${escapeMarkdown(describeTarget(result))} · started ${result.startedAt} · ${formatDuration(result.durationMs)}`,
    ...(problem === undefined ? [] : ['', `> **${escapeMarkdown(problem)}**`]),
    '',
    summaryTable(result),
    ...describeNotProbed(result.steps.flatMap((step) => step.cells)).flatMap((line) => ['', escapeMarkdown(line)]),
    ...renderFingerprint(result),
    ...renderGaps(result),
    ...result.steps.flatMap((step) => renderStep(step, predictionOnly)),
  ];
};

/** The worst verdict of the rows leads the roll-up's heading. */
const VERDICT_ORDER: readonly ScenarioVerdict[] = ['error', 'fail', 'warn', 'pass', 'predicted'];

/** The roll-up first, for one scenario or many: a heading with the verdicts, a row per scenario, a row per tag. */
const renderRollup = (results: readonly RunResult[]): string[] => {
  const { summary, scenarios, tags } = buildResultSetHead(
    results.map((result) => summarizeScenario(result)),
    '',
  );
  const counts = VERDICT_ORDER.flatMap((verdict) => {
    const n = scenarios.filter((row) => row.verdict === verdict).length;
    return n === 0 ? [] : [`${n} ${VERDICT_WORDS[verdict]}`];
  });
  const worst = VERDICT_ORDER.find((verdict) => scenarios.some((row) => row.verdict === verdict)) ?? 'pass';
  const number = (value: number): string => String(value);
  return [
    `# ${HEADLINE_MARKS[worst]} netpol-probe: ${pluralize(summary.scenarios, 'scenario')} — ${counts.join(', ')}`,
    '',
    table(
      ['', 'scenario', 'file', 'cells', 'matched', 'violations', 'divergences', 'probe errors', 'not probed', 'expect failed'],
      ['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'],
      [
        ...scenarios.map((row) => [
          HEADLINE_MARKS[row.verdict],
          escapeMarkdown(row.name) + (row.problem === undefined ? '' : ` (${escapeMarkdown(row.problem)})`),
          code(row.file),
          ...[
            row.summary.cells,
            row.summary.matched,
            row.summary.violations,
            row.summary.divergences,
            row.summary.probeErrors,
          ].map(number),
          number(countNotProbed(row.summary)),
          number(row.expectFailures),
        ]),
        ...(scenarios.length < 2
          ? []
          : [
              [
                '',
                '**all**',
                '',
                ...[summary.cells, summary.matched, summary.violations, summary.divergences, summary.probeErrors].map(number),
                number(countNotProbed(summary)),
                number(summary.expectFailures),
              ],
            ]),
      ],
    ),
    ...(tags.length === 0
      ? []
      : [
          '',
          table(
            ['tag', 'scenarios', 'cells', 'violations', 'expect failed'],
            ['---', '---:', '---:', '---:', '---:'],
            tags.map((row) => [code(row.tag), ...[row.scenarios, row.cells, row.violations, row.expectFailures].map(number)]),
          ),
        ]),
  ];
};

/** The Markdown report of one or more result documents: the roll-up, then each scenario. */
export const renderMarkdown = (results: readonly RunResult[]): string =>
  `${[renderRollup(results).join('\n'), ...results.map((result) => renderResult(result).join('\n'))].join('\n\n---\n\n')}\n`;
