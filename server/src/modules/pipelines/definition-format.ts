/**
 * The format check of an inline definition on save: its YAML syntax, then its value against
 * PIPELINE_SCHEMA (the editor's schema, server/domain/pipeline-format.ts) with ajv, each
 * problem a sentence with the place it points at. Creating or changing a pipeline with such a
 * definition is refused with 422 (`assertDefinitionFormat`); nothing is saved.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { PipelineSource } from '../../../contract/pipeline-sources';
import {
  EDITOR_KEYWORDS,
  PATTERN_HINTS,
  PIPELINE_SCHEMA,
  STEP_TYPES,
  type JsonSchema,
} from '../../../domain/pipeline-format';
import { checkStages } from '../../../domain/pipeline-references';
import type { FieldError } from '../../../contract/problem';
import {
  parseYamlSource,
  YAML_PARSE_OPTIONS,
  type SourceProblem,
  type SourceRange,
  type YamlSource,
} from '../../../domain/yaml-source';
import { editDistance } from '../../../domain/edit-distance';
import { HttpProblem } from '../../lib/problem';

/** The most problems answered: past it, the first ones are what a person fixes first anyway. */
export const DEFINITION_PROBLEMS_MAX = 50;

let compiled: ValidateFunction | undefined;

/** The schema's validator, compiled on first use and kept. */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({
      allErrors: true,
      // `parentSchema` in errors: the allowed field names an unknown one is compared with.
      verbose: true,
      // `properties` under `if`/`then` without `type: object`, and `type: [string, number]`.
      strictTypes: false,
      allowUnionTypes: true,
    });
    ajv.addVocabulary([...EDITOR_KEYWORDS]);
    compiled = ajv.compile(PIPELINE_SCHEMA);
  }
  return compiled;
}

/**
 * Everything wrong with a definition's text, in the order of the text: syntax first (when the
 * text is not YAML, nothing else is judged), then what the format does not allow.
 *
 * @example
 * checkDefinitionFormat("version: '1.0'\nsteps:\n  build_app:\n    type: build\n    imag: x\n");
 * // [{ line: 3, column: 3, …, code: 'format', message: 'Step `build_app` (type build) needs `image_name`.' },
 * //  { line: 5, column: 5, …, code: 'format', suggestion: 'image_name',
 * //    message: 'Unknown field `imag` in step `build_app`. Did you mean `image_name`?' }]
 */
export function checkDefinitionFormat(yaml: string): SourceProblem[] {
  const source = parseYamlSource(yaml);
  if (source.syntaxProblems.length > 0) return finish(source.syntaxProblems);
  let value: unknown;
  try {
    value = source.document.toJS({ maxAliasCount: YAML_PARSE_OPTIONS.maxAliasCount });
  } catch (error) {
    // Too many aliases: the parser only counts them when it expands them.
    const message = error instanceof Error ? error.message : String(error);
    return [{ ...source.rangeBetween(0, 1), code: 'syntax', message: firstSentence(message) }];
  }
  const validate = validator();
  const problems: SourceProblem[] = [];
  if (!validate(value)) problems.push(...problemsOf(validate.errors ?? [], source, value));
  problems.push(...checkStages(source));
  return finish(problems);
}

/** Refuses (422, code definition-invalid) an inline source whose definition has problems. */
export function assertDefinitionFormat(source: PipelineSource): void {
  if (source.type !== 'inline') return;
  const problems = checkDefinitionFormat(source.yaml);
  if (problems.length === 0) return;
  throw definitionInvalid(problems);
}

/**
 * The 422 `definition-invalid` of a definition with these problems (at least one, in the order
 * of the text): each on `source.yaml` with its line and column, the first in `detail`.
 */
export function definitionInvalid(problems: readonly SourceProblem[]): HttpProblem {
  const errors: FieldError[] = problems.map(({ message, line, column, endLine, endColumn }) => ({
    path: 'source.yaml',
    message,
    line,
    column,
    endLine,
    endColumn,
  }));
  const first = problems[0]!;
  const detail =
    problems.length === 1
      ? `Line ${first.line}: ${first.message}`
      : `The definition has ${problems.length}${problems.length === DEFINITION_PROBLEMS_MAX ? ' or more' : ''} problems; the first, on line ${first.line}: ${first.message}`;
  return new HttpProblem(422, detail, { code: 'definition-invalid', errors });
}

// --- from ajv's errors to sentences ------------------------------------------------------------

type Segment = string | number;

function problemsOf(errors: ErrorObject[], source: YamlSource, value: unknown): SourceProblem[] {
  // The `if` error only says a `then` failed; the `then`'s own errors say what. The branches of
  // an `anyOf` are said once, by the `anyOf`.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  // An empty value breaks both `type` and `enum`; the enum's sentence lists what to write.
  const enumAt = new Set(errors.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  return errors
    .filter((e) => e.keyword !== 'if')
    .filter((e) => !anyOfPaths.some((path) => e.schemaPath.startsWith(path)))
    .filter((e) => !(e.keyword === 'type' && enumAt.has(e.instancePath)))
    .map((error) => problemOf(error, source, value));
}

function problemOf(error: ErrorObject, source: YamlSource, root: unknown): SourceProblem {
  const path = pointerSegments(error.instancePath);
  const at = locate(source, path);
  const place = describePlace(path);
  const data = valueAt(root, path);
  const params = error.params as Record<string, unknown>;
  const problem = (range: SourceRange, message: string, suggestion?: string): SourceProblem => ({
    ...range,
    code: 'format',
    message,
    ...(suggestion !== undefined ? { suggestion } : {}),
  });

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      // A field with one usual value is asked for with it: "needs `version: '1.0'`".
      const usual = (error.parentSchema as JsonSchema | undefined)?.properties?.[missing]?.default;
      const wanted = usual === undefined ? missing : `${missing}: ${allowedValue(usual)}`;
      return problem(at.keyRange, `${capitalise(owner(place, data))} needs \`${wanted}\`.`);
    }
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as JsonSchema | undefined)?.properties ?? {});
      const suggestion = closest(unknown, allowed);
      const keyRange = locate(source, [...path, unknown]).keyRange;
      // The run path does not read YAML merge keys either (runs/definition.ts).
      const hint =
        unknown === '<<'
          ? ' Merge keys are not read: write the fields out, or reuse a whole value with an alias.'
          : suggestion
            ? ` Did you mean \`${suggestion}\`?`
            : '';
      return problem(keyRange, `Unknown field \`${unknown}\` ${place.inside}.${hint}`, suggestion);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const suggestion =
        typeof data === 'string'
          ? closest(
              data,
              allowed.filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      const isStepType = place.field === 'type' && place.steps.length > 0;
      const message = isStepType
        ? `${capitalise(place.stepLabel)} has an unknown type ${shown(data)}: use one of ${STEP_TYPES.join(', ')}, or leave type out for a freestyle step.`
        : `${capitalise(place.subject)} must be ${allowed.length === 1 ? '' : 'one of '}${allowed.map(allowedValue).join(', ')}, not ${shown(data)}.`;
      return problem(
        at.valueRange,
        `${message}${suggestion ? ` Did you mean ${allowedValue(suggestion)}?` : ''}`,
        suggestion,
      );
    }
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      const wanted = types.map((type) => TYPE_WORDS[type] ?? type).join(' or ');
      const what =
        place.field !== ''
          ? wanted
          : place.steps.length > 0
            ? 'a map of its fields'
            : 'a map with version and steps';
      return problem(
        at.valueRange,
        `${capitalise(place.subject)} must be ${what}, not ${shown(data)}.`,
      );
    }
    case 'pattern': {
      const hint = PATTERN_HINTS[String(params.pattern)] ?? `text matching ${params.pattern}`;
      return problem(
        at.valueRange,
        `${capitalise(place.subject)} must be ${hint}, not ${shown(data)}.`,
      );
    }
    case 'minProperties':
      return problem(
        at.keyRange,
        place.field === 'steps' || place.field.endsWith('.steps')
          ? `${capitalise(place.subject)} needs at least one step.`
          : `${capitalise(place.subject)} needs at least ${String(params.limit)} field(s).`,
      );
    case 'minimum':
    case 'exclusiveMinimum':
      return problem(
        at.valueRange,
        `${capitalise(place.subject)} must be ${params.comparison === '>' ? 'more than' : 'at least'} ${String(params.limit)}, not ${shown(data)}.`,
      );
    case 'anyOf': {
      const branches = (error.schema as JsonSchema[] | undefined) ?? [];
      const alternatives = branches.map((branch) => branch.required?.[0]);
      if (alternatives.every((name): name is string => name !== undefined)) {
        return problem(
          at.keyRange,
          `${capitalise(owner(place, data))} needs ${alternatives.map((name) => `\`${name}\``).join(' or ')}.`,
        );
      }
      return problem(at.valueRange, `${capitalise(place.subject)} is not in an allowed form.`);
    }
    default:
      return problem(
        at.valueRange,
        `${capitalise(place.subject)} ${error.message ?? 'is not allowed'}.`,
      );
  }
}

const TYPE_WORDS: Record<string, string> = {
  boolean: 'true or false',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  object: 'a map',
  array: 'a list',
  null: 'empty',
};

/** Where a value is, in words: the step it belongs to, and the field's path within it. */
interface Place {
  /** The step names from the top: `['checks', 'lint']` for a step nested in a parallel one. */
  steps: string[];
  /** The field's path within the step (or the definition), such as `when.steps[0].on`. */
  field: string;
  /** "step `build`", "step `lint` in `checks`", or "the definition". */
  stepLabel: string;
  /** The value itself: "`retry.delay` of step `build`", "`mode`", "step `build`". */
  subject: string;
  /** Where an unknown field is: "in step `build`", "in `retry` of step `build`", "at the top level". */
  inside: string;
}

function describePlace(path: Segment[]): Place {
  const steps: string[] = [];
  let i = 0;
  while (path[i] === 'steps' && path[i + 1] !== undefined) {
    steps.push(String(path[i + 1]));
    i += 2;
  }
  const field = path
    .slice(i)
    .map((segment, n) =>
      typeof segment === 'number' ? `[${segment}]` : n === 0 ? segment : `.${segment}`,
    )
    .join('');
  const stepLabel =
    steps.length === 0
      ? 'the definition'
      : `step \`${steps.at(-1)}\`${steps.length > 1 ? ` in \`${steps.slice(0, -1).join('` in `')}\`` : ''}`;
  const subject =
    field === '' ? stepLabel : steps.length === 0 ? `\`${field}\`` : `\`${field}\` of ${stepLabel}`;
  const inside =
    field === ''
      ? steps.length === 0
        ? 'at the top level of the definition'
        : `in ${stepLabel}`
      : `in ${subject}`;
  return { steps, field, stepLabel, subject, inside };
}

/** A map that lacks a field: a step is named with its type, which says what it needs. */
function owner(place: Place, data: unknown): string {
  if (place.field !== '' || place.steps.length === 0) return place.subject;
  const type = isRecord(data) ? data.type : undefined;
  return type === undefined
    ? `${place.stepLabel} (a step without type is a freestyle step)`
    : `${place.stepLabel} (type ${String(type)})`;
}

/** A value as the message quotes it. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  const written = JSON.stringify(value);
  return written.length > 40 ? `${written.slice(0, 37)}…"` : written;
}

/** An allowed value as it is written in YAML: `'1.0'` quoted, since 1.0 unquoted is a number. */
function allowedValue(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  return /^[-+.\d]|^(true|false|null|~)$/i.test(value) ? `'${value}'` : value;
}

// --- positions ---------------------------------------------------------------------------------

/** `/steps/build~1x/0` → `['steps', 'build/x', 0]` (numbers are list indexes). */
function pointerSegments(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(root: unknown, path: Segment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value)) value = value[String(segment)];
    else return undefined;
  }
  return value;
}

/**
 * Where the value at `path` is: `keyRange` is its key (or, for a list item or the whole
 * definition, the first line of it), `valueRange` the value when it is short, else the key.
 * A path that runs into nothing (a missing field) stops at the nearest node there is.
 */
function locate(
  source: YamlSource,
  path: Segment[],
): { keyRange: SourceRange; valueRange: SourceRange } {
  const { document } = source;
  let node: unknown = document.contents;
  let key: unknown;
  for (const segment of path) {
    const collection = resolve(document, node);
    let pair: Pair | undefined;
    if (isMap(collection)) {
      pair = collection.items.find((item) => keyText(document, item.key) === String(segment));
    } else if (isSeq(collection) && typeof segment === 'number') {
      const item = collection.items[segment];
      if (item === undefined) break;
      node = item;
      key = undefined;
      continue;
    }
    if (!pair) break;
    key = pair.key;
    node = pair.value;
  }
  const head = headRange(source, key ?? node) ?? source.rangeBetween(0, 1);
  const valueRange =
    isScalar(node) || isAlias(node) ? (nonEmpty(source.rangeOf(node)) ?? head) : head;
  return { keyRange: head, valueRange };
}

function resolve(document: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

function keyText(document: Document.Parsed, key: unknown): string {
  const resolved = resolve(document, key);
  return isScalar(resolved) ? String(resolved.value) : String(resolved);
}

/** A node's range, cut at the end of its first line: a map's marker is its first line. */
function headRange(source: YamlSource, node: unknown): SourceRange | undefined {
  const range = (node as Node | undefined)?.range;
  if (!range) return undefined;
  const lineEnd = source.text.indexOf('\n', range[0]);
  const end = Math.min(range[1], lineEnd === -1 ? source.text.length : lineEnd);
  return source.rangeBetween(range[0], Math.max(end, range[0] + 1));
}

/** An empty value (`mode:` with nothing after it) has no width to mark: its key is marked. */
function nonEmpty(range: SourceRange | undefined): SourceRange | undefined {
  return range && (range.line !== range.endLine || range.column !== range.endColumn)
    ? range
    : undefined;
}

// --- helpers -----------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** In order of the text, each problem once, at most DEFINITION_PROBLEMS_MAX. */
function finish(problems: SourceProblem[]): SourceProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const key = `${problem.line}:${problem.column}:${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .slice(0, DEFINITION_PROBLEMS_MAX);
}

/**
 * The allowed word nearest to `word` (case aside), when it is a likely slip: one edit away,
 * else the start of just one allowed word, else two edits away.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Changing every letter of a short word is no slip: `x` is not a misspelt `a`.
  const likely = best !== undefined && bestDistance < word.length;
  if (likely && bestDistance <= 1) return best;
  // A name cut short (`imag` for `image_name`) before a name two edits away (`tag`).
  const starting = candidates.filter(
    (candidate) => word.length >= 3 && candidate.toLowerCase().startsWith(lower),
  );
  if (starting.length === 1) return starting[0];
  return likely ? best : undefined;
}
