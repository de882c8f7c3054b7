// The account-aware checks, off the main thread: parsing a 2,000-line definition takes tens of
// milliseconds, which typing must not wait for (docs/performance.md).
import { checkReferences, type AccountNames } from '@domain/pipeline-references';
import type { SourceProblem } from '@domain/yaml-source';

export type ReferencesRequest = { id: number; text: string; names: AccountNames };
export type ReferencesAnswer = { id: number; problems: SourceProblem[] };

self.onmessage = ({ data }: MessageEvent<ReferencesRequest>) => {
  const answer: ReferencesAnswer = {
    id: data.id,
    problems: checkReferences(data.text, data.names),
  };
  self.postMessage(answer);
};
