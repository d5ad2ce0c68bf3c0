// Checking --step names against a scenario.
import { InputError } from '../model/errors.ts';
import { didYouMean } from '../scenario/suggest-name.ts';
import type { Scenario } from '../model/scenario.ts';

/** Every --step must name a step of the scenario. */
export const requireSteps = (scenario: Scenario, steps: readonly string[] | undefined): void => {
  const unknown = (steps ?? []).filter((name) => !scenario.steps.some((step) => step.name === name));
  if (unknown.length > 0) {
    throw new InputError(
      unknown.map(
        (name) =>
          `${scenario.file}: --step: no step ${JSON.stringify(name)}${didYouMean(
            name,
            scenario.steps.map((s) => s.name),
          )}; steps: ${scenario.steps.map((s) => s.name).join(', ')}`,
      ),
    );
  }
};
