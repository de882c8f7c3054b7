import Alert from '@mui/material/Alert';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import {
  PIPELINE_SOURCE_LABELS,
  PIPELINE_SOURCE_PLURALS,
  PIPELINE_SOURCE_TYPES,
  type PipelineSourceType,
  type PipelineSources,
} from '@contract/pipeline-sources';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { lastChangeText } from '@/lib/format';
import { useUpdatePipelineSources } from '../api/update-pipeline-sources';
import { SOURCE_DESCRIPTIONS, usageText } from './source-text';
import { TurnOffSourceDialog } from './turn-off-source-dialog';
import { DetailList } from '@/components/detail-list';

function lastChange(sources: PipelineSources): string {
  return lastChangeText(sources, 'Nobody yet: every source is allowed, as by default.');
}

type PipelineSourcesSectionProps = {
  sources: PipelineSources;
  /** After a save: whatever else shows whether pipelines may run refreshes. */
  onSaved?: (sources: PipelineSources) => void;
};

/**
 * The three account-wide switches of P-4.2. Turning one off asks first, naming the pipelines it
 * would stop; turning one on saves at once, since it only lets pipelines run again.
 */
export function PipelineSourcesSection({ sources, onSaved }: PipelineSourcesSectionProps) {
  const headingId = useId();
  const update = useUpdatePipelineSources();
  const [failure, setFailure] = useState<string>();
  // Kept after the dialog closes, so its title does not change while it fades out.
  const [turningOff, setTurningOff] = useState<PipelineSourceType>('inline');
  const [confirmOpen, setConfirmOpen] = useState(false);

  const save = (type: PipelineSourceType, enabled: boolean) => {
    setFailure(undefined);
    const { inline, git, url } = sources;
    update.mutate(
      { inline, git, url, [type]: enabled },
      {
        onSuccess: (saved) => {
          setConfirmOpen(false);
          toast.success(
            enabled
              ? `${PIPELINE_SOURCE_PLURALS[type]} turned on: their pipelines may run again`
              : `${PIPELINE_SOURCE_PLURALS[type]} turned off`,
          );
          onSaved?.(saved);
        },
        onError: (error) => {
          setConfirmOpen(false);
          setFailure(
            `${PIPELINE_SOURCE_LABELS[type]} was not turned ${enabled ? 'on' : 'off'}: ${errorMessage(error)}`,
          );
        },
      },
    );
  };

  const toggle = (type: PipelineSourceType, enabled: boolean) => {
    if (enabled) {
      save(type, true);
      return;
    }
    setFailure(undefined);
    setTurningOff(type);
    setConfirmOpen(true);
  };

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2} sx={{ maxWidth: 720 }}>
      <Typography id={headingId} variant="h6" component="h2">
        Where definitions may come from
      </Typography>
      <Typography>
        A pipeline’s definition comes from one of three sources. A source that is off is not offered
        when a pipeline is created or changed, and the pipelines that use it do not run until it is
        on again: their Run button says why, and the API refuses their runs.
      </Typography>
      {failure && <Alert severity="error">{failure}</Alert>}
      <Stack spacing={2}>
        {PIPELINE_SOURCE_TYPES.map((type) => (
          <SourceSwitch
            key={type}
            type={type}
            enabled={sources[type]}
            usage={sources.usage[type]}
            disabled={update.isPending}
            onChange={(enabled) => toggle(type, enabled)}
          />
        ))}
      </Stack>
      <DetailList sx={{ rowGap: 0 }}>
        <dt>Last changed by</dt>
        <dd>{lastChange(sources)}</dd>
      </DetailList>
      <TurnOffSourceDialog
        type={turningOff}
        open={confirmOpen}
        pending={update.isPending}
        onConfirm={() => save(turningOff, false)}
        onClose={() => setConfirmOpen(false)}
      />
    </Stack>
  );
}

type SourceSwitchProps = {
  type: PipelineSourceType;
  enabled: boolean;
  usage: number;
  disabled: boolean;
  onChange: (enabled: boolean) => void;
};

/** One source's switch, described by what the source is and how many pipelines use it. */
function SourceSwitch({ type, enabled, usage, disabled, onChange }: SourceSwitchProps) {
  const descriptionId = useId();
  const usageId = useId();
  return (
    <div>
      <FormControlLabel
        label={PIPELINE_SOURCE_LABELS[type]}
        disabled={disabled}
        control={
          <Switch
            checked={enabled}
            onChange={(_event, checked) => onChange(checked)}
            slotProps={{ input: { 'aria-describedby': `${descriptionId} ${usageId}` } }}
          />
        }
      />
      <Typography id={descriptionId} variant="body2" sx={{ color: 'text.secondary', ml: 6 }}>
        {SOURCE_DESCRIPTIONS[type]}
      </Typography>
      <Typography id={usageId} variant="body2" sx={{ ml: 6 }}>
        {usageText(type, usage, enabled)}
      </Typography>
    </div>
  );
}
