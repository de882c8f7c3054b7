/** A change of tags by difference: what the person added and took away. */
export type TagChange = { addTags: string[]; removeTags: string[] };

/** The change that turns `before` into `after`. */
export function tagChangeOf(before: readonly string[], after: readonly string[]): TagChange {
  return {
    addTags: after.filter((tag) => !before.includes(tag)),
    removeTags: before.filter((tag) => !after.includes(tag)),
  };
}

/** The change as a PATCH body: only the lists that hold something. */
export type TagPatch = { addTags?: string[]; removeTags?: string[] };

export function tagPatchOf({ addTags, removeTags }: TagChange): TagPatch {
  return {
    ...(addTags.length > 0 ? { addTags } : {}),
    ...(removeTags.length > 0 ? { removeTags } : {}),
  };
}

export const isNoChange = ({ addTags, removeTags }: TagChange) =>
  addTags.length === 0 && removeTags.length === 0;

/** "Adds production; removes staging." */
export function describeChange({ addTags, removeTags }: TagChange): string {
  return [
    addTags.length > 0 && `Adds ${addTags.join(', ')}.`,
    removeTags.length > 0 && `Removes ${removeTags.join(', ')}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Said to people who are not administrators where no check of their own change can be shown
 * first (the preview of who gains and loses is administrators' only).
 */
export const MAY_LOSE_ACCESS_WARNING =
  'Your access to a pipeline comes from the rules of your teams, which match tags. If no rule of your teams covers the new tags, you may lose access to the pipeline. You may add only tags a create rule of your teams allows, and no change may give you a privilege you do not hold. Perimeter cannot show you who else gains or loses access before saving; an administrator can.';
