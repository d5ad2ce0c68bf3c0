// `predict --output json` for large scenarios: the cli.md document as a stream of chunks, one cell
// per line, so neither the cells nor the text are ever held whole.
import type { StreamedStep } from '../compare/large-prediction.ts';
import type { RunResult } from '../model/result.ts';
import { toResultCell } from '../compare/prediction-result.ts';

const CHUNK_CELLS = 2000;

/** The document: `head` holds every top-level field but `steps`; cells are rendered lazily. */
export function* renderPredictionJsonChunks(head: Omit<RunResult, 'steps'>, steps: readonly StreamedStep[]): Generator<string> {
  const { summary, ...top } = head;
  const opening = JSON.stringify(top, null, 2);
  yield `${opening.slice(0, -2)},\n  "steps": [`;
  for (const [index, step] of steps.entries()) {
    const stepHead = JSON.stringify(step.head, null, 2).replace(/\n/g, '\n    ').slice(0, -6);
    yield `${index === 0 ? '' : ','}\n    ${stepHead},\n      "cells": [`;
    let buffer: string[] = [];
    let first = true;
    for (const cell of step.cells()) {
      buffer.push(`${first ? '' : ','}\n        ${JSON.stringify(toResultCell(cell))}`);
      first = false;
      if (buffer.length >= CHUNK_CELLS) {
        yield buffer.join('');
        buffer = [];
      }
    }
    yield `${buffer.join('')}\n      ]\n    }`;
  }
  yield `\n  ],\n  "summary": ${JSON.stringify(summary)}\n}\n`;
}
