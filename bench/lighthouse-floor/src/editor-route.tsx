import Typography from '@mui/material/Typography';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import { useEffect, useRef } from 'react';
import YamlWorker from './yaml.worker.ts?worker';

(globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  validate: true,
  hover: true,
  completion: true,
  schemas: [
    {
      uri: 'floor://schemas/pipeline',
      fileMatch: ['**/*.yaml'],
      schema: {
        type: 'object',
        properties: { version: { type: 'string' }, steps: { type: 'object' } },
      },
    },
  ],
});

const DEFINITION = `version: '1.0'
stages:
  - build
steps:
  clone:
    type: git-clone
    stage: build
    repo: https://git.example.com/acme/web
  build:
    type: build
    stage: build
    image_name: acme/web
`;

/** Monaco with monaco-yaml on a YAML model, as the pipeline editor's route starts it. */
export function Component() {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const model = monaco.editor.createModel(
      DEFINITION,
      'yaml',
      monaco.Uri.parse('file:///pipeline.yaml'),
    );
    const editor = monaco.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 14,
      ariaLabel: 'Definition',
    });
    return () => {
      editor.dispose();
      model.dispose();
    };
  }, []);
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Editor
      </Typography>
      <div ref={host} style={{ height: 'calc(100dvh - 200px)', minHeight: 300 }} />
    </>
  );
}
