import { isAlias, isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import { editDistance } from './edit-distance';
import { PLATFORM_VARIABLES } from './pipeline-variables';
import {
  parseYamlSource,
  type SourceProblem,
  type SourceRange,
  type YamlSource,
} from './yaml-source';

/**
 * The checks and completions of the inline pipeline editor that need to know the account
 * (P-6.3): which git providers, registries and clusters a definition may name, which steps and
 * stages it declares. Pure functions over the text, with no editor in them, so that the editor
 * runs them in the browser (in a worker, or debounced) and the tests run them in node.
 */

/** The names a person may use in a definition: what they may see (clusters: what they may read). */
export type AccountNames = {
  gitProviders: { name: string; behindFirewall: boolean }[];
  registries: string[];
  clusters: string[];
};

/** The platform's own git provider, which every account has without an integration. */
export const BUILT_IN_GIT_PROVIDER = 'CF-default';

export type CompletionKind =
  'git-provider' | 'registry' | 'cluster' | 'step' | 'stage' | 'variable';

export type CompletionItem = {
  label: string;
  detail: string;
  /** What replaces the text from `replaceFrom` to the cursor. */
  insertText: string;
  kind: CompletionKind;
};

export type Completions = {
  items: CompletionItem[];
  /** The 1-based column where the word being typed starts (the cursor's column when none is). */
  replaceFrom: number;
};

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

type Step = {
  name: string;
  /** `freestyle` when the step has no `type`; undefined when the type is not a plain string. */
  type: string | undefined;
  /** Document order, nested parallel steps included (a parallel step comes before its own). */
  index: number;
  map: YAMLMap | undefined;
  key: Scalar;
};

/**
 * Every step of the definition, in document order, descending into parallel steps. Aliases are
 * followed (`deploy_eu: *deploy`, `cluster: *target`), as every YAML reader follows them: a step
 * or a name written through an alias is checked like one written out.
 */
function stepsOf(root: unknown, document: Document.Parsed): Step[] {
  const steps: Step[] = [];
  const seen = new Set<unknown>();
  const walk = (block: unknown) => {
    const map = resolveAlias(document, block);
    // An alias can lead back to a map already walked: walk each once.
    if (!isMap(map) || seen.has(map)) return;
    seen.add(map);
    for (const pair of map.items) {
      const key = resolveAlias(document, pair.key);
      if (!isScalar(key)) continue;
      const value = resolveAlias(document, pair.value);
      const step = isMap(value) ? value : undefined;
      const typeNode = resolveAlias(document, step?.get('type', true));
      const type = step && (typeNode === undefined ? 'freestyle' : textOf(typeNode));
      steps.push({ name: String(key.value), type, index: steps.length, map: step, key });
      if (type === 'parallel') walk(step?.get('steps', true));
    }
  };
  if (isMap(root)) walk(root.get('steps', true));
  return steps;
}

/** The node an alias (`*name`) stands for; any other node as it is. */
function resolveAlias(document: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/** The text of a scalar holding a string or a number; undefined for anything else (or empty). */
function textOf(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number') return String(node.value);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

const EXPRESSION = '${{';
/** A value that is one `${{Name}}` and nothing else (`${{steps.x.y}}` is a variable: not this). */
const SINGLE_EXPRESSION = /^\$\{\{\s*([\w-]+)\s*\}\}$/;
const QUALIFIED_REPOSITORY = /^(?:(?:https?|ssh|git):\/\/[^/\s]+\/\S+|[\w.-]+@[\w.-]+:\S+)$/;

/**
 * Whether a git-clone `repo` is a whole address (https://host/owner/repo, ssh://…,
 * git@host:owner/repo) rather than the `owner/repo` that only a SaaS provider can resolve.
 */
export function isQualifiedRepository(repo: string): boolean {
  return QUALIFIED_REPOSITORY.test(repo.trim());
}

/**
 * The names in a definition that the account does not have or the definition does not declare:
 * `git` (git-clone), `registry` (build, push, deploy's `candidate.registry`), `cluster`
 * (deploy), `stage`, a push step's `candidate: ${{BuildStep}}`, and the full repository address
 * a behind-the-firewall git provider needs. Values that are `${{…}}` expressions are not
 * checked (except `candidate`), nor are variables: a run has variables the editor cannot know.
 *
 * Each problem's range is the value as written (inside its quotes, and for `candidate` the step
 * name inside `${{…}}`), so that replacing the range with `suggestion` is the quick fix.
 * Syntax and format problems are not repeated here (see `YamlSource.syntaxProblems`).
 *
 * @example
 * checkReferences('version: "1.0"\nsteps:\n  push:\n    type: push\n    candidate: img\n    registry: dockerhb\n',
 *   { gitProviders: [], registries: ['dockerhub'], clusters: [] });
 * // → [{ line: 6, column: 15, …, code: 'unknown-registry', suggestion: 'dockerhub',
 * //      message: 'No registry named dockerhb. Did you mean dockerhub?' }]
 */
export function checkReferences(source: YamlSource | string, names: AccountNames): SourceProblem[] {
  const parsed = typeof source === 'string' ? parseYamlSource(source) : source;
  const root = parsed.document.contents;
  if (!isMap(root)) return [];
  const problems: SourceProblem[] = [];
  const steps = stepsOf(root, parsed.document);
  const byName = new Map<string, Step[]>();
  for (const step of steps) {
    const namesakes = byName.get(step.name);
    if (namesakes) namesakes.push(step);
    else byName.set(step.name, [step]);
  }
  const stages = declaredStages(root);
  const gitNames = [BUILT_IN_GIT_PROVIDER, ...names.gitProviders.map((provider) => provider.name)];
  const gitWords = names.gitProviders.length === 0 ? NO_GIT_PROVIDER_WORDS : GIT_WORDS;
  const behindFirewall = new Set(
    names.gitProviders.filter((provider) => provider.behindFirewall).map((p) => p.name),
  );
  const report = (problem: SourceProblem | undefined) => {
    if (problem) problems.push(problem);
  };

  for (const step of steps) {
    const map = step.map;
    if (!map) continue;
    // Without a stages list, a step's stage is advice here; with one, checkStages refuses it.
    if (stages === undefined) {
      report(checkName(parsed, map.get('stage', true), [], UNDECLARED_STAGE_WORDS));
    }
    switch (step.type) {
      case 'git-clone': {
        const git = map.get('git', true);
        const problem = checkName(parsed, git, gitNames, gitWords);
        report(problem);
        const provider = textOf(git);
        if (!problem && provider !== undefined && behindFirewall.has(provider)) {
          report(checkRepository(parsed, map.get('repo', true), provider));
        }
        break;
      }
      case 'build':
        report(checkName(parsed, map.get('registry', true), names.registries, REGISTRY_WORDS));
        break;
      case 'push':
        report(checkName(parsed, map.get('registry', true), names.registries, REGISTRY_WORDS));
        report(checkCandidate(parsed, map.get('candidate', true), step, steps, byName));
        break;
      case 'deploy': {
        // Clusters are checked apart, with the same words on save (checkClusterReferences).
        const candidate = map.get('candidate', true);
        if (isMap(candidate)) {
          const registry = candidate.get('registry', true);
          report(checkName(parsed, registry, names.registries, REGISTRY_WORDS));
        }
        break;
      }
    }
  }
  return [
    ...problems,
    ...checkStages(parsed),
    ...checkClusterReferences(parsed, names.clusters),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A deploy step's `cluster:` as written (an alias followed), and where. */
export type ClusterReference = SourceRange & {
  /** The cluster's name, or the `${{…}}` text when it is given by an expression. */
  name: string;
  /** Written with `${{…}}`: only known when the pipeline runs. */
  expression: boolean;
};

/**
 * Every cluster a definition names: the `cluster` of each deploy step, nested parallel steps
 * included, in the order of the text. The pipeline format names clusters nowhere else
 * (pipeline-format.md). A value that is not a name (a list, a map, nothing) is the format
 * check's business and is left out here.
 *
 * @example
 * clusterReferences("version: '1.0'\nsteps:\n  ship:\n    type: deploy\n    cluster: prod-eu\n");
 * // → [{ name: 'prod-eu', expression: false, line: 5, column: 14, endLine: 5, endColumn: 21 }]
 */
export function clusterReferences(source: YamlSource | string): ClusterReference[] {
  return clusterNodes(typeof source === 'string' ? parseYamlSource(source) : source).map(
    ({ source: parsed, node, name }) => ({
      ...valueRange(parsed, node),
      name,
      expression: name.includes(EXPRESSION),
    }),
  );
}

function clusterNodes(parsed: YamlSource): { source: YamlSource; node: Scalar; name: string }[] {
  const root = parsed.document.contents;
  if (!isMap(root)) return [];
  return stepsOf(root, parsed.document).flatMap((step) => {
    if (step.type !== 'deploy' || !step.map) return [];
    const node = resolveAlias(parsed.document, step.map.get('cluster', true));
    const name = textOf(node);
    if (name === undefined || name.trim() === '') return [];
    return [{ source: parsed, node: node as Scalar, name }];
  });
}

/**
 * A deploy step may name only a cluster the person may read (`readable`): a deployment is an
 * access decision. A cluster that does not exist and one they may not read get the same
 * sentence (a 404, not a 403: names one may not read cannot be probed), and a suggestion only
 * ever comes from `readable`. A cluster written as `${{…}}` is refused too: it is decided when
 * the pipeline runs, where nobody's access can be checked. The editor marks these, and the
 * server refuses to save them (server/src/modules/pipelines/cluster-references.ts).
 *
 * @example
 * checkClusterReferences('steps:\n  ship:\n    type: deploy\n    cluster: prod-eu\n', ['dev']);
 * // → [{ line: 4, column: 14, …, code: 'unknown-cluster',
 * //      message: 'No cluster named prod-eu among the clusters you may read. You may read: dev.' }]
 */
export function checkClusterReferences(
  source: YamlSource | string,
  readable: readonly string[],
): SourceProblem[] {
  const parsed = typeof source === 'string' ? parseYamlSource(source) : source;
  return clusterNodes(parsed).flatMap(({ node, name }) => {
    if (name.includes(EXPRESSION)) {
      return [
        {
          ...valueRange(parsed, node),
          message: clusterExpressionMessage(name),
          code: 'cluster-expression',
        },
      ];
    }
    const problem = checkName(parsed, node, readable, CLUSTER_WORDS);
    return problem ? [problem] : [];
  });
}

/** Why a cluster given by an expression is refused. */
export function clusterExpressionMessage(written: string): string {
  return `Name the cluster itself: ${written} is only known when the pipeline runs, where access to the cluster cannot be checked.`;
}

/**
 * A step's `stage` must name one of the root `stages` when the definition lists them
 * (pipeline-format.md): a rule of the format, so the server refuses to save a definition that
 * breaks it (server/src/modules/pipelines/definition-format.ts) and the editor marks it.
 */
export function checkStages(source: YamlSource | string): SourceProblem[] {
  const parsed = typeof source === 'string' ? parseYamlSource(source) : source;
  const root = parsed.document.contents;
  if (!isMap(root)) return [];
  const stages = declaredStages(root);
  if (stages === undefined) return [];
  return stepsOf(root, parsed.document).flatMap((step) => {
    const problem = step.map && checkName(parsed, step.map.get('stage', true), stages, STAGE_WORDS);
    return problem ? [problem] : [];
  });
}

/** The root `stages` as names, or undefined when the definition has none. */
function declaredStages(root: YAMLMap): string[] | undefined {
  const node = root.get('stages', true);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (!isSeq(node)) return [];
  return node.items.map(textOf).filter((name) => name !== undefined);
}

/** How the messages about one kind of name read. */
type Words = {
  unknown: (written: string) => string;
  /** What follows when no name is close: the names there are, or that there are none. */
  others: (list: string) => string;
  code: string;
};

const REGISTRY_WORDS: Words = {
  unknown: (written) => `No registry named ${written}.`,
  others: (list) =>
    list ? `The account's registries: ${list}.` : 'The account has no registries yet.',
  code: 'unknown-registry',
};

const CLUSTER_WORDS: Words = {
  // A cluster the person may not read exists for all they know: never say it does not exist.
  unknown: (written) => `No cluster named ${written} among the clusters you may read.`,
  others: (list) => (list ? `You may read: ${list}.` : 'You may not read any cluster yet.'),
  code: 'unknown-cluster',
};

const GIT_WORDS: Words = {
  unknown: (written) => `No git provider named ${written}.`,
  others: (list) => `The git providers: ${list}.`,
  code: 'unknown-git-provider',
};

const NO_GIT_PROVIDER_WORDS: Words = {
  ...GIT_WORDS,
  others: () =>
    `The account has no git providers yet; ${BUILT_IN_GIT_PROVIDER} is the platform's own.`,
};

const STAGE_WORDS: Words = {
  unknown: (written) => `No stage named ${written}.`,
  others: (list) => (list ? `The declared stages: ${list}.` : 'The stages list is empty.'),
  code: 'unknown-stage',
};

const UNDECLARED_STAGE_WORDS: Words = {
  unknown: (written) =>
    `The pipeline declares no stages: add a top-level stages: list that names ${written}.`,
  others: () => '',
  code: 'unknown-stage',
};

/** A problem when `node` names something not in `known`; nothing for expressions or non-names. */
function checkName(
  source: YamlSource,
  node: unknown,
  known: readonly string[],
  words: Words,
): SourceProblem | undefined {
  const written = textOf(node);
  if (written === undefined || written === '' || written.includes(EXPRESSION)) return undefined;
  if (known.includes(written)) return undefined;
  const suggestion = closestName(written, known);
  const more = suggestion ? `Did you mean ${suggestion}?` : words.others(listNames(known));
  return {
    ...valueRange(source, node as Scalar),
    message: [words.unknown(written), more].filter(Boolean).join(' '),
    code: words.code,
    ...(suggestion !== undefined && { suggestion }),
  };
}

function checkRepository(source: YamlSource, node: unknown, provider: string) {
  const repo = textOf(node);
  if (repo === undefined || repo === '' || repo.startsWith(EXPRESSION)) return undefined;
  // `${{…}}` later in the address (a host or an owner from a variable) stands for a word.
  if (isQualifiedRepository(repo.replace(/\$\{\{[^}]*\}\}/g, 'x'))) return undefined;
  return {
    ...valueRange(source, node as Scalar),
    message: `${repo} is not a full repository address. ${provider} is behind the firewall, so the clone needs the whole URL, such as https://<host>/${repo.replace(/^\/+/, '')}.`,
    code: 'repository-not-qualified',
  } satisfies SourceProblem;
}

/** A push step's `candidate: ${{Name}}` must be a build step above it. */
function checkCandidate(
  source: YamlSource,
  node: unknown,
  push: Step,
  steps: Step[],
  byName: Map<string, Step[]>,
): SourceProblem | undefined {
  const written = textOf(node);
  const match = written === undefined ? null : SINGLE_EXPRESSION.exec(written);
  if (!match) return undefined; // a literal image name, or an address built of variables
  const name = match[1]!;
  const namesakes = byName.get(name) ?? [];
  if (namesakes.some((step) => step.index < push.index && step.type === 'build')) return undefined;
  const buildsAbove = steps.filter((step) => step.index < push.index && step.type === 'build');
  const aboveNames = buildsAbove.map((step) => step.name);
  const suggestion = closestName(name, aboveNames);
  const at = {
    ...nameRange(source, node as Scalar, name),
    ...(suggestion !== undefined && { suggestion }),
  };
  const hint = suggestion
    ? ` Did you mean ${suggestion}?`
    : aboveNames.length > 0
      ? ` The build steps above ${push.name}: ${listNames(aboveNames)}.`
      : '';
  if (namesakes.length === 0) {
    return {
      ...at,
      message:
        aboveNames.length === 0
          ? `No step named ${name}, and no build step above this one whose image it could push.`
          : `No step named ${name}.${hint}`,
      code: 'unknown-step',
    };
  }
  const laterBuild = namesakes.find((step) => step.type === 'build');
  if (laterBuild) {
    return {
      ...at,
      message: `${name} is defined after ${push.name}: a push step can only push the image of a build step above it. Move ${name} before ${push.name}.`,
      code: 'candidate-defined-later',
    };
  }
  const type = namesakes[0]!.type;
  const kind = type === undefined ? 'not a build step' : `a ${type} step, not a build step`;
  return {
    ...at,
    message: `${name} is ${kind}: a push step pushes the image a build step above it made.${hint}`,
    code: 'candidate-not-build-step',
  };
}

/**
 * Where a scalar's value is: inside its quotes when the text there is the value itself (no
 * escapes), so that writing the bare suggestion over it keeps the quoting.
 */
function valueRange(source: YamlSource, node: Scalar): SourceRange {
  const inner = innerOffsets(source, node);
  if (inner) return source.rangeBetween(inner[0], inner[1]);
  return source.rangeOf(node) ?? source.rangeBetween(0, 0);
}

/** Where `name` is inside a `${{name}}` value, or the whole value when it cannot be told. */
function nameRange(source: YamlSource, node: Scalar, name: string): SourceRange {
  const inner = innerOffsets(source, node);
  if (!inner) return valueRange(source, node);
  const text = source.text.slice(inner[0], inner[1]);
  const at = text.indexOf(name, text.indexOf(EXPRESSION) + EXPRESSION.length);
  if (at < 0) return valueRange(source, node);
  return source.rangeBetween(inner[0] + at, inner[0] + at + name.length);
}

function innerOffsets(source: YamlSource, node: Scalar): [number, number] | undefined {
  const range = node.range;
  if (!range) return undefined;
  const [start, end] = range;
  const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
  const from = quoted ? start + 1 : start;
  const to = quoted ? end - 1 : end;
  if (to < from || source.text.slice(from, to) !== String(node.value)) return undefined;
  return [from, to];
}

function listNames(names: readonly string[]): string {
  const shown = 6;
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

// ---------------------------------------------------------------------------------------------
// "Did you mean"
// ---------------------------------------------------------------------------------------------

/**
 * The one name clearly closest to what was written: a case-insensitive Damerau–Levenshtein
 * distance (optimal string alignment) within a third of the longer length (at least 1), and
 * strictly closer than any other name. A difference of case alone is always close.
 *
 * @example
 * closestName('dockerhb', ['dockerhub', 'quay']); // → 'dockerhub'
 * closestName('prod-ue', ['prod-eu', 'prod-us']); // → undefined (a tie)
 */
export function closestName(written: string, names: readonly string[]): string | undefined {
  const lower = written.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const name of new Set(names)) {
    if (name === written) return undefined;
    const limit = Math.max(1, Math.floor(Math.max(written.length, name.length) / 3));
    const distance = editDistance(lower, name.toLowerCase(), limit);
    if (distance > limit) continue;
    if (distance < bestDistance) [best, bestDistance, tied] = [name, distance, false];
    else if (distance === bestDistance) tied = true;
  }
  return tied ? undefined : best;
}

// ---------------------------------------------------------------------------------------------
// Completions
// ---------------------------------------------------------------------------------------------

/** A step as completions need it, from a parse or, when the text does not parse, from a scan. */
type StepOutline = { name: string; type: string | undefined; title: string | undefined } & {
  /** 1-based line and column of the step's name. */
  line: number;
  column: number;
};

type Outline = { steps: StepOutline[]; stages: string[] };

/** `key: value-being-typed`, for the keys whose values are names. */
const NAME_VALUE =
  /^\s*(?:-\s+)?(git|registry|cluster|stage|candidate)\s*:(\s*)(['"]?)((?:\$\{\{\s*)?[^'"\s#]*)$/;

/**
 * What to offer at the cursor (1-based line and column, as the editor counts): after `git:`,
 * `registry:`, `cluster:`, `stage:` the account's or the definition's names; after
 * `candidate:` the build steps above the cursor's step, as `${{Name}}`; inside an unfinished
 * `${{` the steps above and the platform variables, closed by exactly one `}}`. Undefined where
 * nothing is offered (a key, a value of another key). Works on unfinished text: only the
 * cursor's line is read for the context, and the steps and stages come from a parse of the
 * rest of the text or, when that fails, a scan of its indentation.
 *
 * Every name is offered whatever has been typed: the editor filters by the word from
 * `replaceFrom` to the cursor.
 *
 * @example
 * completeAt("steps:\n  build:\n    type: build\n  push:\n    tag: '${{CF_BR", 5, 19, names);
 * // → { replaceFrom: 14, items: [{ label: 'build', insertText: 'build}}', kind: 'step', … },
 * //      { label: 'CF_BRANCH', insertText: 'CF_BRANCH}}', kind: 'variable', … }, …] }
 */
export function completeAt(
  source: string,
  line: number,
  column: number,
  names: AccountNames,
): Completions | undefined {
  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[line - 1];
  if (text === undefined || column < 1 || column > text.length + 1) return undefined;
  const before = text.slice(0, column - 1);
  const after = text.slice(column - 1);
  const keyed = NAME_VALUE.exec(before);
  const outline = () => outlineOf(lines, line);
  const above = () => stepsAbove(outline(), lines, line);

  if (keyed?.[1] === 'candidate') {
    const offered = completeCandidate(before, after, keyed, above);
    if (offered) return offered;
  }

  const open = before.lastIndexOf(EXPRESSION);
  const inside = open < 0 ? null : /^(\s*)([\w.-]*)$/.exec(before.slice(open + EXPRESSION.length));
  if (inside) {
    const word = inside[2]!;
    const close = closers(after);
    return {
      replaceFrom: column - word.length,
      items: [
        ...above().steps.map((step) => stepItem(step, step.name + close)),
        ...Object.entries(PLATFORM_VARIABLES).map(([name, detail]) => ({
          label: name,
          detail,
          insertText: name + close,
          kind: 'variable' as const,
        })),
      ],
    };
  }

  if (!keyed || keyed[1] === 'candidate') return undefined;
  const [key, space, quote, word] = [keyed[1], keyed[2]!, keyed[3]!, keyed[4]!];
  // `registry:dock` is one plain scalar, not a key and a value.
  if (space === '' && (quote !== '' || word !== '')) return undefined;
  if (word.includes('$')) return undefined; // an expression, closed already

  const lead = space === '' ? ' ' : '';
  const replaceFrom = column - word.length;
  const item = (label: string, detail: string, kind: CompletionKind): CompletionItem => ({
    label,
    detail,
    insertText: lead + label,
    kind,
  });
  switch (key) {
    case 'git':
      return {
        replaceFrom,
        items: [
          item(BUILT_IN_GIT_PROVIDER, "The platform's built-in git provider", 'git-provider'),
          ...names.gitProviders.map((provider) =>
            item(
              provider.name,
              provider.behindFirewall ? 'Git provider behind the firewall' : 'Git provider',
              'git-provider',
            ),
          ),
        ],
      };
    case 'registry':
      return { replaceFrom, items: names.registries.map((n) => item(n, 'Registry', 'registry')) };
    case 'cluster':
      return {
        replaceFrom,
        items: names.clusters.map((n) => item(n, 'Cluster you may read', 'cluster')),
      };
    default:
      return {
        replaceFrom,
        items: outline().stages.map((n) => item(n, 'Stage declared in stages', 'stage')),
      };
  }
}

/** After `candidate:`: the build steps above, completing whatever of `${{` is typed already. */
function completeCandidate(
  before: string,
  after: string,
  keyed: RegExpExecArray,
  above: () => { steps: StepOutline[] },
): Completions | undefined {
  const space = keyed[2]!;
  const value = before.slice(before.length - keyed[4]!.length);
  // What of `${{` is typed, then the word of the name: `${{ Bu`, `${`, `Bu`, ``.
  const typed = /^(?:(\$\{\{\s*)([\w.-]*)|(\$\{?)|([\w.-]*))$/.exec(value);
  if (!typed || (space === '' && (keyed[3] !== '' || value !== ''))) return undefined;
  const opener = typed[1] !== undefined ? EXPRESSION : (typed[3] ?? '');
  const word = typed[2] ?? typed[4] ?? '';
  const lead = space === '' ? ' ' : '';
  const open = EXPRESSION.slice(opener.length);
  const close = closers(after);
  return {
    replaceFrom: before.length - word.length + 1,
    items: above()
      .steps.filter((step) => step.type === 'build')
      .map((step) => stepItem(step, lead + open + step.name + close)),
  };
}

/** The `}}` still needed after an inserted name, given the text after the cursor. */
function closers(after: string): string {
  const present = /^[\w.-]*\s*(\}{0,2})/.exec(after)![1]!.length;
  return '}'.repeat(2 - present);
}

function stepItem(step: StepOutline, insertText: string): CompletionItem {
  const kind = step.type ?? 'unknown';
  return {
    label: step.name,
    detail: step.title ? `${kind} step: ${step.title}` : `${kind} step`,
    insertText,
    kind: 'step',
  };
}

/**
 * The steps and stages of the text around the cursor. The cursor's line is reduced to its key
 * (or emptied) first: it is the line being typed, the one most likely not to parse.
 */
function outlineOf(lines: string[], line: number): Outline {
  const cursorLine = lines[line - 1] ?? '';
  const key = /^(\s*(?:-\s+)?[\w.$-][\w .$-]*?)\s*:(?=\s|$)/.exec(cursorLine);
  const item = /^(\s*-)(?:\s|$)/.exec(cursorLine);
  const neutral = key ? `${key[1]}:` : item ? `${item[1]} x` : '';
  const text = [...lines.slice(0, line - 1), neutral, ...lines.slice(line)].join('\n');
  // While someone types on one line this text does not change: parse it once, not per key.
  if (lastOutline?.text === text) return lastOutline.outline;
  const outline = parseOutline(text) ?? scanOutline(text.split('\n'));
  lastOutline = { text, outline };
  return outline;
}

let lastOutline: { text: string; outline: Outline } | undefined;

function parseOutline(text: string): Outline | undefined {
  const parsed = parseYamlSource(text);
  if (parsed.syntaxProblems.length === 0 && isMap(parsed.document.contents)) {
    const root = parsed.document.contents;
    return {
      steps: stepsOf(root, parsed.document).map((step) => {
        const at = parsed.rangeOf(step.key);
        return {
          name: step.name,
          type: step.type,
          title: textOf(step.map?.get('title', true)),
          line: at?.line ?? 0,
          column: at?.column ?? 0,
        };
      }),
      stages: declaredStages(root) ?? [],
    };
  }
  return undefined;
}

/**
 * The steps above the cursor's step (all steps above the cursor when it is in none) and that
 * step: the last step, by line, whose block holds the cursor's line (every line in between is
 * indented deeper than the step's name).
 */
function stepsAbove(
  outline: Outline,
  lines: string[],
  line: number,
): { steps: StepOutline[]; current: StepOutline | undefined } {
  const earlier = outline.steps.filter((step) => step.line < line);
  let shallowest = indentOf(lines[line - 1] ?? '') ?? Infinity;
  let scanned = line - 1; // lines from `scanned + 1` to the cursor's are accounted for
  for (let i = earlier.length - 1; i >= 0; i--) {
    const step = earlier[i]!;
    for (; scanned > step.line; scanned--) {
      shallowest = Math.min(shallowest, indentOf(lines[scanned - 1]!) ?? Infinity);
    }
    if (shallowest > step.column - 1) return { steps: earlier.slice(0, i), current: step };
  }
  return { steps: earlier, current: undefined };
}

/** Leading spaces of a line with content, undefined for a blank or comment line. */
function indentOf(text: string): number | undefined {
  const at = text.search(/\S/);
  return at < 0 || text[at] === '#' ? undefined : at;
}

const KEY_LINE = /^\s*(?:-\s+)?(?:'([^']*)'|"([^"]*)"|([^\s#'"][^:#]*?))\s*:(?:\s+(.*?))?\s*$/;

function keyOf(text: string): { key: string; value: string } | undefined {
  const match = KEY_LINE.exec(text);
  if (!match) return undefined;
  const key = match[1] ?? match[2] ?? match[3]!;
  const value = (match[4] ?? '')
    .replace(/\s+#.*$/, '')
    .replace(/^'(.*)'$|^"(.*)"$/, '$1$2')
    .trim();
  return { key, value };
}

/** Steps and stages from the indentation alone, for text that does not parse. */
function scanOutline(lines: string[]): Outline {
  const steps: StepOutline[] = [];
  const stages: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (indentOf(text) !== 0) continue;
    const key = keyOf(text);
    if (key?.key === 'steps' && key.value === '') scanSteps(lines, i + 1, 0, steps);
    if (key?.key === 'stages') {
      if (key.value.startsWith('[')) {
        stages.push(
          ...key.value
            .replace(/^\[|\].*$/g, '')
            .split(',')
            .map(unquote)
            .filter(Boolean),
        );
      } else {
        for (let j = i + 1; j < lines.length && indentOf(lines[j]!) !== 0; j++) {
          const item = /^\s*-\s+(.*?)\s*(?:#.*)?$/.exec(lines[j]!);
          if (item && item[1]) stages.push(unquote(item[1]));
        }
      }
    }
  }
  return { steps, stages };
}

function unquote(text: string): string {
  return text.trim().replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
}

/** The steps of a `steps:` block whose key is indented `parent`; returns the line after it. */
function scanSteps(lines: string[], start: number, parent: number, out: StepOutline[]): number {
  let stepIndent: number | undefined;
  let fieldIndent: number | undefined;
  let current: StepOutline | undefined;
  let i = start;
  while (i < lines.length) {
    const text = lines[i]!;
    const indent = indentOf(text);
    if (indent === undefined) {
      i++;
      continue;
    }
    if (indent <= parent || (stepIndent !== undefined && indent < stepIndent)) break;
    stepIndent ??= indent;
    const key = keyOf(text);
    if (indent === stepIndent) {
      current = key && {
        name: key.key,
        type: 'freestyle',
        title: undefined,
        line: i + 1,
        column: indent + 1,
      };
      if (current) out.push(current);
      fieldIndent = undefined;
      i++;
      continue;
    }
    fieldIndent ??= indent;
    if (current && key && indent === fieldIndent) {
      if (key.key === 'type') current.type = key.value || undefined;
      if (key.key === 'title') current.title = key.value || undefined;
      if (key.key === 'steps' && key.value === '') {
        i = scanSteps(lines, i + 1, indent, out);
        continue;
      }
    }
    i++;
  }
  return i;
}
