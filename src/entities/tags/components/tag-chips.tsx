import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

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
 * per tag on every row.
 */
export function TagChips({ tags, label }: TagChipsProps) {
  if (tags.length === 0) {
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        No tags
      </Typography>
    );
  }
  return (
    <Box
      component="ul"
      aria-label={label}
      sx={(theme) => ({
        display: 'flex',
        flexWrap: 'wrap',
        gap: 0.5,
        m: 0,
        p: 0,
        listStyle: 'none',
        '& > li': {
          maxWidth: '100%',
          height: 24,
          px: 1,
          borderRadius: '12px',
          display: 'inline-flex',
          alignItems: 'center',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
          fontFamily: theme.typography.fontFamily,
          fontSize: theme.typography.pxToRem(13),
          lineHeight: 1.5,
          color: 'text.primary',
          bgcolor: 'action.selected',
        },
      })}
    >
      {tags.map((tag) => (
        <li key={tag}>{tag}</li>
      ))}
    </Box>
  );
}
