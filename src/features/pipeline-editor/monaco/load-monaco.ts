/**
 * Monaco's modules, evaluated in steps with a yield to the browser between them: the editor's
 * core (`editor.api.js`), then the contributions the editor uses (editor-features.ts), then the
 * YAML tokenizer. Evaluated at once, as one import of monaco.ts, they were one task of 120–140 ms
 * on a quiet machine (and several hundred on a loaded one), which Lighthouse counts as blocking
 * time on the editor's route (issue 17, docs/performance.md). Each step is a chunk of its own
 * (vite.config.ts), and the later steps' chunks are preloaded with the first's, so they download
 * beside it. monaco.ts imports the same modules statically, so once these steps have run,
 * importing it evaluates only what is left (the environment, the themes, the editor's modules).
 *
 * The contributions must be registered before an editor is made (Monaco instantiates them when
 * it makes one), which is why `CodeEditor` makes none until these steps are done.
 */

/** Lets the browser run other tasks (input, rendering) before the next step. */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

let loaded: Promise<void> | undefined;

export function loadMonacoInSteps(): Promise<void> {
  loaded ??= (async () => {
    await import('monaco-editor/esm/vs/editor/editor.api.js');
    await yieldToBrowser();
    await import('./editor-features');
    await yieldToBrowser();
    await import('monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js');
    await yieldToBrowser();
  })();
  return loaded;
}
