import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import Stack from '@mui/material/Stack';
import type { SvgIconProps } from '@mui/material/SvgIcon';
import type { ComponentType } from 'react';
import { RUNNER_STATE_LABELS, type RunnerState } from '@contract/runners';

const ICONS: Record<
  RunnerState,
  { Icon: ComponentType<SvgIconProps>; color: SvgIconProps['color'] }
> = {
  online: { Icon: CheckCircleIcon, color: 'success' },
  offline: { Icon: CloudOffIcon, color: 'warning' },
  waiting: { Icon: HourglassEmptyIcon, color: 'action' },
  revoked: { Icon: BlockIcon, color: 'error' },
};

/** A runner's state in words, with an icon that repeats it for a quick look (never alone). */
export function RunnerStateLabel({ state }: { state: RunnerState }) {
  const { Icon, color } = ICONS[state];
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Icon fontSize="small" color={color} aria-hidden />
      <span>{RUNNER_STATE_LABELS[state]}</span>
    </Stack>
  );
}
