import Box from '@mui/material/Box';
import { keyframes } from '@mui/material/styles';

// MUI LinearProgress's first bar: from beyond the left edge to beyond the right one.
const sweep = keyframes`
  0% { left: -35%; right: 100%; }
  60% { left: 100%; right: -90%; }
  100% { left: 100%; right: -90%; }
`;

/**
 * A thin indeterminate progress bar, named for screen readers: what MUI's indeterminate
 * LinearProgress draws (one sweeping bar instead of two), at a tenth of its weight on the list
 * screens. Without motion for people who ask their system for less, like the theme's.
 *
 * @example
 * {fetching && <ProgressBar label="Loading pipelines" />}
 */
export function ProgressBar({ label }: { label: string }) {
  return (
    <Box
      role="progressbar"
      aria-label={label}
      sx={(theme) => ({
        position: 'relative',
        overflow: 'hidden',
        height: 4,
        bgcolor: theme.vars?.palette.LinearProgress.primaryBg,
        '&::before': {
          content: '""',
          position: 'absolute',
          top: 0,
          bottom: 0,
          bgcolor: 'primary.main',
          animation: `${sweep} 2.1s cubic-bezier(0.65, 0.815, 0.735, 0.395) infinite`,
        },
        '@media (prefers-reduced-motion: reduce)': {
          '&::before': { animation: 'none', left: '30%', width: '40%' },
        },
      })}
    />
  );
}
