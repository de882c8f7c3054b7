import type { SxProps, Theme } from '@mui/material/styles';

/**
 * The box a table scrolls in on a narrow screen, so that the page itself never grows wider
 * than the screen. `relative` keeps the absolutely placed text for screen readers (an
 * "Actions" header) inside the box too; otherwise it stretches the page to the table's width.
 * A shadow on the right edge says that more lies beyond it, and goes once scrolled to the end:
 * a cover attached to the content (`local`) hides a shadow attached to the box (`scroll`).
 */
export const tableScrollerStyle: SxProps<Theme> = (theme) => {
  const page = (theme.vars ?? theme).palette.background.default;
  const shade = theme.alpha((theme.vars ?? theme).palette.text.primary, 0.2);
  return {
    position: 'relative',
    width: '100%',
    overflowX: 'auto',
    background: `linear-gradient(to left, ${page} 30%, transparent) right / 40px 100% no-repeat local, radial-gradient(farthest-side at 100% 50%, ${shade}, transparent) right / 14px 100% no-repeat scroll`,
  };
};

/** What keeps a column in view while the rest of its table scrolls under it: opaque. */
export const stickyCell = {
  position: 'sticky',
  left: 0,
  zIndex: 1,
  bgcolor: 'background.default',
} as const;

/**
 * For MUI's Table whose first column names the row (`<TableCell component="th" scope="row">`):
 * that column stays in view while the rest scrolls, as in the lists (DataTable).
 */
export const stickyFirstColumnStyle: SxProps<Theme> = {
  '& thead th:first-of-type, & tbody th[scope="row"]': stickyCell,
};
