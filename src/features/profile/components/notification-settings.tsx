import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { NotificationSettings as Settings } from '@contract/me';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { useUpdateMe } from '../api/update-me';

const SETTINGS: { key: keyof Settings; label: string }[] = [
  { key: 'buildFailed', label: 'Email me when a build fails' },
  { key: 'buildSucceeded', label: 'Email me when a build succeeds' },
  { key: 'approvalPending', label: 'Email me when a run waits for my approval' },
];

/** One switch per email; each saves as it is flipped, and flips back if saving fails. */
export function NotificationSettings({ settings }: { settings: Settings }) {
  const headingId = useId();
  const update = useUpdateMe();

  const save = (key: keyof Settings, enabled: boolean) => {
    // Per-call promises rather than mutate callbacks: each flip hears its own outcome, even
    // when the person flips another switch before the first answer arrives.
    update.mutateAsync({ notifications: { [key]: enabled } }).then(
      () => toast.success('Notification settings saved'),
      (error: unknown) => toast.error(`Notification settings not saved: ${errorMessage(error)}`),
    );
  };

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={1}>
      <Typography id={headingId} variant="h6" component="h2">
        Email notifications
      </Typography>
      <FormGroup role="group" aria-labelledby={headingId}>
        {SETTINGS.map(({ key, label }) => (
          <FormControlLabel
            key={key}
            label={label}
            control={
              <Switch checked={settings[key]} onChange={(_event, checked) => save(key, checked)} />
            }
          />
        ))}
      </FormGroup>
    </Stack>
  );
}
