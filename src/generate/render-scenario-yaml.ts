// A scenario document as YAML text people can review: short maps and lists on one line, long ones in blocks.
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Node } from 'yaml';
import type { ScenarioDocument } from './scenario-document.ts';

export interface RenderScenarioOptions {
  /** Comment lines at the top of the file (without `#`). */
  readonly header?: readonly string[];
  /** Comment lines before each step, by step index. */
  readonly stepComments?: readonly (readonly string[] | undefined)[];
}

/** A collection is written on one line when its compact JSON is at most this long. */
const FLOW_LIMIT = 100;

const asComment = (lines: readonly string[]): string => lines.map((line) => (line === '' ? '' : ` ${line}`)).join('\n');

const isShort = (node: Node): boolean => JSON.stringify(node.toJSON()).length <= FLOW_LIMIT;

/** Lists of maps stay in blocks (one item a line); every other short collection goes on one line. */
const chooseFlow = (document: Document): void => {
  visit(document, {
    Map(_key, node, path) {
      if (path.length > 1 && isShort(node)) node.flow = true;
    },
    Seq(_key, node, path) {
      const ofMaps = node.items.some((item) => isMap(item));
      if (path.length > 1 && !ofMaps && isShort(node)) node.flow = true;
    },
  });
};

/** The YAML text of a scenario document: deterministic for equal input. */
export const renderScenarioYaml = (scenario: ScenarioDocument, options: RenderScenarioOptions = {}): string => {
  const document = new Document(scenario, { aliasDuplicateObjects: false });
  chooseFlow(document);
  if (options.header !== undefined && options.header.length > 0) document.commentBefore = asComment(options.header);
  const steps = document.getIn(['spec', 'steps']);
  if (isSeq(steps)) {
    for (const [index, item] of steps.items.entries()) {
      const comment = options.stepComments?.[index];
      if (comment !== undefined && comment.length > 0 && (isMap(item) || isScalar(item))) item.commentBefore = asComment(comment);
    }
  }
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
};
