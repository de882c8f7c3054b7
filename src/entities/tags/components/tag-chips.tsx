import '@/components/data-table.css';

type TagChipsProps = {
  tags: readonly string[];
  /** Read out before the tags, for a list that is not already labelled: "Tags of prod-eu". */
  label?: string;
};

/**
 * The tags of a cluster or pipeline as chips, in a list; "No tags" when it carries none (the
 * rules for `untagged` then apply to it).
 *
 * The chips look like MUI's small Chip but are plain list items styled once for the whole
 * list: they do nothing when clicked, and Chip (with ButtonBase behind it) would cost the
 * pipelines list, the first screen after sign-in, about 2.5 kB gzip and a styled component
 * per tag on every row. Their style is plain CSS (components/data-table.css), not an `sx` per
 * row: no style work at run time (docs/decisions.md, issue 17).
 */
export function TagChips({ tags, label }: TagChipsProps) {
  if (tags.length === 0) return <p className="pm-no-tags">No tags</p>;
  return (
    <ul className="pm-tags" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag}>{tag}</li>
      ))}
    </ul>
  );
}
