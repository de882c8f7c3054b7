/**
 * Monaco, as the pipeline editor uses it: the editor core with its contributions (find, hover,
 * suggestions, quick fixes, the diff editor), the YAML tokenizer, and monaco-yaml's language
 * service with the pipeline format's schema (started by `startYamlService`). No other language and no other language's worker
 * is bundled. Everything here is bundled by Vite, workers included, and loaded only with the
 * editor's route: nothing is fetched from anywhere but the console's origin.
 *
 * monaco-yaml 5.5.1 runs only with monaco-editor 0.52.2 (with 0.53 and later its worker
 * answers "Missing requestHandler or method: doValidation"): both are pinned exactly in
 * package.json, and the editor journey proves the schema markers appear in a real browser.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import './editor-features';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { PIPELINE_MODEL_SCHEME } from '../lib/model-uri';
import YamlWorker from './yaml.worker.ts?worker';
import type { JSONSchema, MonacoYaml } from 'monaco-yaml';

(globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

/** A JSON Schema monaco-yaml checks the models at `fileMatch` against (monaco-yaml's settings). */
export type YamlSchema = { uri: string; fileMatch: string[]; schema: JSONSchema };

/**
 * The schemas besides the pipeline format's, by address: the policy document's (issue 20),
 * registered by the editor that shows such a document.
 */
const otherSchemas = new Map<string, YamlSchema>();
let yamlService: Promise<MonacoYaml> | undefined;

function pipelineSchema(schema: JSONSchema): YamlSchema {
  return {
    // A hover ends with "Source: " and the last segment of this address: it names the
    // format, not a file called pipeline.json, which no tab of the editor shows.
    uri: 'perimeter://schemas/Perimeter%20pipeline%20format',
    fileMatch: [`${PIPELINE_MODEL_SCHEME}://**/*.yaml`, '**/*.yaml'],
    schema,
  };
}
let pipelineEntry: YamlSchema | undefined;
const allSchemas = () => [...(pipelineEntry ? [pipelineEntry] : []), ...otherSchemas.values()];

/**
 * Starts monaco-yaml's language service (schema markers, hover, completion, formatting) once,
 * in its own chunk: it is not needed to show and type into the definition, so the editor starts
 * it after the first paint (issue 17, docs/performance.md). It validates the models that exist
 * by then, and every one made after.
 */
export function startYamlService(): Promise<void> {
  yamlService ??= Promise.all([import('monaco-yaml'), import('@domain/pipeline-format')]).then(
    ([{ configureMonacoYaml }, { PIPELINE_SCHEMA }]) => {
      pipelineEntry = pipelineSchema(PIPELINE_SCHEMA as JSONSchema);
      return configureMonacoYaml(monaco, {
        // The schemas are given inline; the worker must never try to download one.
        enableSchemaRequest: false,
        validate: true,
        hover: true,
        completion: true,
        // Shift+Alt+F formats the definition (prettier, in the worker).
        format: { enable: true },
        isKubernetes: false,
        schemas: allSchemas(),
      });
    },
  );
  return yamlService.then(() => undefined);
}

/**
 * Adds (or replaces) a schema of another kind of document, for the models at its `fileMatch`
 * and for documents whose `# yaml-language-server: $schema=` comment names its `uri`. It is
 * given inline, so nothing is downloaded; the service picks it up whether it has started or not.
 */
export function registerYamlSchema(entry: YamlSchema): void {
  otherSchemas.set(entry.uri, entry);
  void yamlService?.then((service) => service.update({ schemas: allSchemas() }));
}

/**
 * Monaco's own light and dark themes, with the colours that miss WCAG's 4.5:1 darkened: in the
 * light theme, YAML keys (#008080) and numbers (#098658) fall below it on the diff's inserted
 * lines.
 */
export const EDITOR_THEMES = { light: 'perimeter-light', dark: 'perimeter-dark' } as const;
monaco.editor.defineTheme(EDITOR_THEMES.light, {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'type', foreground: '006666' },
    { token: 'number', foreground: '116644' },
    { token: 'comment', foreground: '006400' },
  ],
  colors: {},
});
monaco.editor.defineTheme(EDITOR_THEMES.dark, {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {},
});

export { monaco };
