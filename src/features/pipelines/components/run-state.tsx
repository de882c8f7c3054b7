import BlockIcon from '@mui/icons-material/Block';
import CancelIcon from '@mui/icons-material/Cancel';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import ScheduleIcon from '@mui/icons-material/Schedule';
import SkipNextIcon from '@mui/icons-material/SkipNext';
import SyncIcon from '@mui/icons-material/Sync';
import Stack from '@mui/material/Stack';
import type { SvgIconProps } from '@mui/material/SvgIcon';
import type { ComponentType } from 'react';
import { RUN_STATE_LABELS, type RunState, type StepState } from '@contract/runs';

type Look = { Icon: ComponentType<SvgIconProps>; color: SvgIconProps['color'] };

const RUN_LOOKS: Record<RunState, Look> = {
  queued: { Icon: ScheduleIcon, color: 'action' },
  running: { Icon: SyncIcon, color: 'info' },
  'pending-approval': { Icon: PauseCircleIcon, color: 'warning' },
  succeeded: { Icon: CheckCircleIcon, color: 'success' },
  failed: { Icon: ErrorIcon, color: 'error' },
  denied: { Icon: BlockIcon, color: 'error' },
  cancelled: { Icon: CancelIcon, color: 'action' },
};

export const STEP_STATE_LABELS: Record<StepState, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
};

const STEP_LOOKS: Record<StepState, Look> = {
  pending: { Icon: RadioButtonUncheckedIcon, color: 'action' },
  running: RUN_LOOKS.running,
  succeeded: RUN_LOOKS.succeeded,
  failed: RUN_LOOKS.failed,
  skipped: { Icon: SkipNextIcon, color: 'action' },
};

function Labelled({ look, label }: { look: Look; label: string }) {
  const { Icon, color } = look;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Icon fontSize="small" color={color} aria-hidden />
      <span>{label}</span>
    </Stack>
  );
}

/** A run's state in words, with an icon that repeats it. */
export function RunStateLabel({ state }: { state: RunState }) {
  return <Labelled look={RUN_LOOKS[state]} label={RUN_STATE_LABELS[state]} />;
}

/** A step's state in words, with an icon that repeats it. */
export function StepStateLabel({ state }: { state: StepState }) {
  return <Labelled look={STEP_LOOKS[state]} label={STEP_STATE_LABELS[state]} />;
}
