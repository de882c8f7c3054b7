import { PIPELINE_SOURCE_PLURALS, type PipelineSourceType } from '@contract/pipeline-sources';

/** "1 pipeline", "3 pipelines". */
export function pipelineCount(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'pipeline' : 'pipelines'}`;
}

/** "inline definitions", as a sentence names the source in its middle. */
export function sourcePlural(type: PipelineSourceType): string {
  const plural = PIPELINE_SOURCE_PLURALS[type];
  return plural.charAt(0).toLowerCase() + plural.slice(1);
}

/** What each source is, under its switch. */
export const SOURCE_DESCRIPTIONS: Record<PipelineSourceType, string> = {
  inline: 'The YAML is written in Perimeter’s editor and stored with the pipeline.',
  git: 'The YAML is a file in a repository of one of the account’s git providers, on a branch, at a path.',
  url: 'The YAML is loaded over HTTPS from a public address.',
};

/** Where a definition comes from, as the end of a sentence. */
export const SOURCE_ORIGINS: Record<PipelineSourceType, string> = {
  inline: 'the inline editor',
  git: 'a file in a git repository',
  url: 'a public URL',
};

/** The line under a switch: how many pipelines use the source, so what turning it off stops. */
export function usageText(type: PipelineSourceType, count: number, enabled: boolean): string {
  if (count === 0) return `No pipeline takes its definition from ${SOURCE_ORIGINS[type]}.`;
  const uses = `${pipelineCount(count)} ${count === 1 ? 'takes its' : 'take their'} definition from ${SOURCE_ORIGINS[type]}`;
  if (enabled) return `${uses}.`;
  return `${uses}; ${count === 1 ? 'it does' : 'they do'} not run while this is off.`;
}
