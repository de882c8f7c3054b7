import { isNode, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/**
 * A pipeline definition's YAML text, parsed once with the positions of its nodes, for the
 * checks that point at a place in it: the format check on the server (422 with line and
 * column) and the editor's markers in the browser. Lines and columns are 1-based, as the
 * editor and people count them; `end*` is just past the last character.
 */
export type SourceRange = { line: number; column: number; endLine: number; endColumn: number };

/** One thing wrong in a definition, and where. */
export type SourceProblem = SourceRange & {
  message: string;
  /** Which check found it, such as `format`, `syntax` or `unknown-registry`. */
  code: string;
  /** The replacement that fixes it, when there is one obvious fix ("did you mean prod-eu?"). */
  suggestion?: string;
};

export type YamlSource = {
  text: string;
  document: Document.Parsed;
  /** Where a node of `document` is in the text; `undefined` for a node without a range. */
  rangeOf(node: unknown): SourceRange | undefined;
  /** The range from one offset of the text to another. */
  rangeBetween(start: number, end: number): SourceRange;
  /** What the parser refused (syntax, duplicate keys, too many aliases), as problems. */
  syntaxProblems: SourceProblem[];
};

/** The parser's limits, on save, in the editor and when a run starts (runs/definition.ts). */
export const YAML_PARSE_OPTIONS = { maxAliasCount: 100, uniqueKeys: true } as const;

/**
 * `uniqueKeys: false` leaves the duplicate-key check to the caller: the parser's own compares
 * every key with every other of its map, which takes minutes on a map of 20,000 keys (a policy
 * document's pipeline tags).
 */
export function parseYamlSource(text: string, options: { uniqueKeys?: boolean } = {}): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    ...YAML_PARSE_OPTIONS,
    ...options,
    lineCounter,
    prettyErrors: false,
  });
  const rangeBetween = (start: number, end: number): SourceRange => {
    const from = lineCounter.linePos(Math.max(0, Math.min(start, text.length)));
    const to = lineCounter.linePos(Math.max(0, Math.min(Math.max(end, start), text.length)));
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  };
  const syntaxProblems = document.errors.map((error) => ({
    ...rangeBetween(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)),
    message: parserMessage(error),
    code: 'syntax',
  }));
  return {
    text,
    document,
    rangeOf(node) {
      if (!isNode(node)) return undefined;
      const range = (node as Node).range;
      if (!range) return undefined;
      return rangeBetween(range[0], range[1]);
    },
    rangeBetween,
    syntaxProblems,
  };
}

/** The first line of the parser's message: where and what, without the excerpt it quotes. */
export function parserMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim().replace(/:$/, '.');
}
