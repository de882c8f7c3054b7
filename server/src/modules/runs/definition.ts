/**
 * The steps of an inline definition, as a run starts with them (P-6.5): the top-level `steps` map
 * in its order, each with its `type` (a step without one is `freestyle`, pipeline-format.md). A
 * `parallel` step stays one step: its nested steps are the runner's business.
 *
 * Only inline definitions are read here. A git or url definition sits behind the customer's
 * firewall, where the server cannot reach: such a run is queued with no steps, and the runner
 * that claims it loads the definition and reports the steps it finds.
 */
import { parse } from 'yaml';
import { RUN_STEPS_MAX, runStepSchema, type RunStep } from '../../../contract/runs';
import { parserMessage, YAML_PARSE_OPTIONS } from '../../../domain/yaml-source';

/** What a step starts as: its name and type, pending. */
export type PlannedStep = Pick<RunStep, 'name' | 'type'>;

export type DefinitionSteps = { ok: true; steps: PlannedStep[] } | { ok: false; reason: string };

const NAME_MAX = runStepSchema.shape.name.maxLength ?? 200;
const TYPE_MAX = runStepSchema.shape.type.unwrap().maxLength ?? 50;

// Parsed with `mapAsMap`: a JavaScript object would put keys such as `2` before `build`.
function isMap(value: unknown): value is Map<unknown, unknown> {
  return value instanceof Map;
}

/**
 * The steps of an inline definition, or why it cannot run.
 *
 * @example
 * stepsOfDefinition('version: "1.0"\nsteps:\n  build: { type: build }\n  ask: { type: pending-approval }\n');
 * // { ok: true, steps: [{ name: 'build', type: 'build' }, { name: 'ask', type: 'pending-approval' }] }
 */
export function stepsOfDefinition(yaml: string): DefinitionSteps {
  let document: unknown;
  try {
    // A few aliases are fine; a "billion laughs" document is refused by the parser's own limit.
    document = parse(yaml, {
      ...YAML_PARSE_OPTIONS,
      mapAsMap: true,
      logLevel: 'error',
    });
  } catch (error) {
    // Whatever the parser refuses (syntax, duplicate keys, too many aliases) is the text's fault.
    return { ok: false, reason: `The definition is not valid YAML: ${parserMessage(error)}` };
  }
  if (!isMap(document)) {
    return { ok: false, reason: 'The definition is not a YAML map with a steps map in it.' };
  }
  const steps = document.get('steps');
  if (!isMap(steps) || steps.size === 0) {
    return { ok: false, reason: 'The definition has no steps: add at least one under steps.' };
  }
  if (steps.size > RUN_STEPS_MAX) {
    return {
      ok: false,
      reason: `The definition has ${steps.size} steps; a run has at most ${RUN_STEPS_MAX}.`,
    };
  }
  const planned: PlannedStep[] = [];
  for (const [key, step] of steps) {
    const name = String(key);
    if (name.trim() === '' || name.length > NAME_MAX) {
      return {
        ok: false,
        reason: `A step name has 1 to ${NAME_MAX} characters; one of the steps has ${name.length}.`,
      };
    }
    if (!isMap(step)) {
      return { ok: false, reason: `Step ${name} is not a map of its fields.` };
    }
    const type = step.get('type') ?? 'freestyle';
    if (typeof type !== 'string' || type.trim() === '' || type.length > TYPE_MAX) {
      return { ok: false, reason: `The type of step ${name} is not a step type.` };
    }
    planned.push({ name, type });
  }
  return { ok: true, steps: planned };
}
