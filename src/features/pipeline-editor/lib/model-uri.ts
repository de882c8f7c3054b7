/** The scheme of the editor's models: every pipeline definition opened in the editor. */
export const PIPELINE_MODEL_SCHEME = 'pipeline';

/**
 * The address of one of the editor's models: one per pipeline and pane (the editor, the save
 * dialog's diff, the merge view's panes), so that each keeps its own text and undo history.
 * The pipeline format's schema applies to every `.yaml` model.
 */
export function pipelineModelUri(pipelineId: string, pane = 'definition'): string {
  return `${PIPELINE_MODEL_SCHEME}:///${encodeURIComponent(pipelineId)}/${pane}.yaml`;
}
