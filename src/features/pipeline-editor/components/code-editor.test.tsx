import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodeEditor } from './code-editor';

// Monaco needs a real browser (e2e/pipeline-editor.spec.ts drives it). Here its loading steps
// and the editor on it are stand-ins, so that what `CodeEditor` shows while Monaco loads, and
// when it asks for it, can be told apart.
const steps = vi.hoisted(() => {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { load: vi.fn(() => done), finish: () => finish() };
});
vi.mock('../monaco/load-monaco', () => ({ loadMonacoInSteps: steps.load }));
vi.mock('./monaco-code-editor', () => ({
  MonacoCodeEditor: (props: { label: string }) => <div data-testid="monaco">{props.label}</div>,
}));

const VALUE = "version: '1.0'\nsteps:\n  build:\n    type: build\n";

/** The browser's next frames and the tasks after them. */
const nextPaints = () =>
  act(async () => {
    for (let frame = 0; frame < 3; frame += 1) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  });

describe('CodeEditor', () => {
  afterEach(() => steps.load.mockClear());

  it('shows the text in its frame, asks for Monaco only after that has painted, and keeps the same text on screen until Monaco is here', async () => {
    render(
      <CodeEditor
        modelUri="pipeline://p1/definition.yaml"
        value={VALUE}
        readOnly={false}
        label="Definition of pipeline web/build, YAML"
        names={undefined}
      />,
    );
    const frame = screen.getByTestId('code-editor-loading');
    const text = frame.querySelector('pre');
    expect(text).toHaveTextContent("version: '1.0' steps: build: type: build");
    // Nothing asked for in the render that first paints the frame: a download started before
    // the page's largest paint is counted in it (issue 17).
    expect(steps.load).not.toHaveBeenCalled();

    await nextPaints();
    expect(steps.load).toHaveBeenCalledTimes(1);
    // Still the frame's text, the same element (not a fallback's copy: a new paint of it).
    expect(screen.getByTestId('code-editor-loading').querySelector('pre')).toBe(text);
    expect(screen.queryByTestId('monaco')).not.toBeInTheDocument();

    await act(async () => steps.finish());
    expect(await screen.findByTestId('monaco')).toHaveTextContent(
      'Definition of pipeline web/build, YAML',
    );
    expect(screen.queryByTestId('code-editor-loading')).not.toBeInTheDocument();
    expect(steps.load).toHaveBeenCalledTimes(1);
  });
});
