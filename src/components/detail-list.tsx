import Box from '@mui/material/Box';
import type { SxProps, Theme } from '@mui/material/styles';
import type { ReactNode } from 'react';

type DetailListProps = {
  /** `<dt>` and `<dd>` pairs. */
  children: ReactNode;
  /** Break long values (addresses, ids) anywhere rather than overflow. */
  wrap?: boolean;
  /** Spacing and columns where this list differs. */
  sx?: SxProps<Theme>;
  'aria-label'?: string;
};

/**
 * Labelled values as a description list: the labels in a column of their own, dimmed.
 *
 * @example
 * <DetailList>
 *   <dt>Plan</dt>
 *   <dd>Team</dd>
 * </DetailList>
 */
export function DetailList({
  children,
  wrap = false,
  sx = [],
  'aria-label': label,
}: DetailListProps) {
  return (
    <Box
      component="dl"
      aria-label={label}
      sx={[
        {
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: 3,
          rowGap: 1,
          m: 0,
          '& dt': { color: 'text.secondary' },
          '& dd': { m: 0, ...(wrap ? { overflowWrap: 'anywhere' } : {}) },
        },
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
    >
      {children}
    </Box>
  );
}
