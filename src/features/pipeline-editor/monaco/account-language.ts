/**
 * What the editor knows beyond the schema, from the account (P-6.3): completions for `git:`,
 * `registry:`, `cluster:`, `stage:`, `candidate:` and `${{`, markers for references to
 * integrations, stages and steps that do not exist, and a quick fix when one name is clearly
 * meant. The checks themselves are server/domain/pipeline-references.ts; this file only hands
 * them to Monaco. Monaco's providers are per language, so each model's account names are kept
 * here by the model's address.
 */
import { completeAt, type AccountNames } from '@domain/pipeline-references';
import type { SourceProblem } from '@domain/yaml-source';
import { monaco } from './monaco';
import ReferencesWorker from './references.worker.ts?worker';
import type { ReferencesAnswer, ReferencesRequest } from './references.worker';

/** The owner of the markers set here (monaco-yaml's schema markers have their own). */
export const REFERENCE_MARKER_OWNER = 'perimeter-references';

type ModelContext = { names: AccountNames; problems: SourceProblem[] };
const contexts = new Map<string, ModelContext>();

/** The `source` of the markers set here, which tells them from monaco-yaml's in a quick fix. */
const MARKER_SOURCE = 'Perimeter';

const COMPLETION_KINDS = {
  'git-provider': monaco.languages.CompletionItemKind.Module,
  registry: monaco.languages.CompletionItemKind.Module,
  cluster: monaco.languages.CompletionItemKind.Module,
  step: monaco.languages.CompletionItemKind.Function,
  stage: monaco.languages.CompletionItemKind.EnumMember,
  variable: monaco.languages.CompletionItemKind.Variable,
} as const;

function toMarker(problem: SourceProblem): monaco.editor.IMarkerData {
  return {
    severity: monaco.MarkerSeverity.Error,
    message: problem.message,
    code: problem.code,
    source: MARKER_SOURCE,
    startLineNumber: problem.line,
    startColumn: problem.column,
    endLineNumber: problem.endLine,
    endColumn: problem.endColumn,
  };
}

/** One worker for every model; each answer names the request it answers. */
let worker: Worker | undefined;
let lastRequest = 0;
const waiting = new Map<number, (problems: SourceProblem[]) => void>();

function checkInWorker(text: string, names: AccountNames): Promise<SourceProblem[]> {
  if (!worker) {
    worker = new ReferencesWorker();
    worker.onmessage = ({ data }: MessageEvent<ReferencesAnswer>) => {
      waiting.get(data.id)?.(data.problems);
      waiting.delete(data.id);
    };
  }
  const id = (lastRequest += 1);
  const request: ReferencesRequest = { id, text, names };
  worker.postMessage(request);
  return new Promise((resolve) => waiting.set(id, resolve));
}

/**
 * Checks the model's references against the account's names, in a worker, and sets the
 * markers, unless the text changed meanwhile (a newer check is then on its way). Called by the
 * editor after typing pauses.
 */
export function checkModel(model: monaco.editor.ITextModel, names: AccountNames): void {
  const version = model.getVersionId();
  const key = model.uri.toString();
  contexts.set(key, { names, problems: contexts.get(key)?.problems ?? [] });
  void checkInWorker(model.getValue(), names).then((problems) => {
    if (model.isDisposed() || model.getVersionId() !== version) return;
    contexts.set(key, { names, problems });
    monaco.editor.setModelMarkers(model, REFERENCE_MARKER_OWNER, problems.map(toMarker));
  });
}

/** Forgets a model that is disposed. */
export function forgetModel(model: monaco.editor.ITextModel): void {
  contexts.delete(model.uri.toString());
}

monaco.languages.registerCompletionItemProvider('yaml', {
  triggerCharacters: [' ', ':', '{', '$', "'", '"'],
  provideCompletionItems(model, position) {
    const context = contexts.get(model.uri.toString());
    if (!context) return { suggestions: [] };
    const offer = completeAt(model.getValue(), position.lineNumber, position.column, context.names);
    if (!offer) return { suggestions: [] };
    const range = new monaco.Range(
      position.lineNumber,
      offer.replaceFrom,
      position.lineNumber,
      position.column,
    );
    return {
      suggestions: offer.items.map((item, index) => ({
        label: item.label,
        detail: item.detail,
        insertText: item.insertText,
        kind: COMPLETION_KINDS[item.kind],
        // The account's names first, in the order given, before the schema's suggestions.
        sortText: `0${String(index).padStart(4, '0')}`,
        range,
      })),
    };
  },
});

monaco.languages.registerCodeActionProvider('yaml', {
  provideCodeActions(model, _range, context) {
    const problems = contexts.get(model.uri.toString())?.problems ?? [];
    const actions: monaco.languages.CodeAction[] = [];
    for (const marker of context.markers) {
      if (marker.source !== MARKER_SOURCE) continue;
      const problem = problems.find(
        (candidate) =>
          candidate.line === marker.startLineNumber &&
          candidate.column === marker.startColumn &&
          candidate.message === marker.message,
      );
      if (problem?.suggestion === undefined) continue;
      const range = new monaco.Range(
        marker.startLineNumber,
        marker.startColumn,
        marker.endLineNumber,
        marker.endColumn,
      );
      actions.push({
        title: `Change to ${problem.suggestion}`,
        kind: 'quickfix',
        diagnostics: [marker],
        isPreferred: true,
        edit: {
          edits: [
            {
              resource: model.uri,
              versionId: model.getVersionId(),
              textEdit: { range, text: problem.suggestion },
            },
          ],
        },
      });
    }
    return { actions, dispose: () => undefined };
  },
});
