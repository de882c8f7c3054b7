import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { SecuritySettings } from '@contract/settings';
import { lastChangeText } from '@/lib/format';
import { IdleTimeoutForm } from './idle-timeout-form';
import { describeMinutes } from './idle-timeout-units';
import { DetailList } from '@/components/detail-list';

function lastChange(settings: SecuritySettings): string {
  return lastChangeText(settings, 'Nobody yet: this is the default.');
}

type IdleTimeoutSectionProps = {
  settings: SecuritySettings;
  onSaved?: (settings: SecuritySettings) => void;
};

/** P-3.1: what the idle timeout does, its current value and who set it, and the form. */
export function IdleTimeoutSection({ settings, onSaved }: IdleTimeoutSectionProps) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Idle timeout
      </Typography>
      <Typography sx={{ maxWidth: 720 }}>
        When a person has not used the console for this long, Perimeter signs them out. A warning
        counts down for 90 seconds first, then every open tab signs out together; the server ends an
        idle session on its own too, whatever the browser does.
      </Typography>
      <DetailList>
        <dt>Current timeout</dt>
        <dd>{describeMinutes(settings.idleTimeoutMinutes)}</dd>
        <dt>Last changed by</dt>
        <dd>{lastChange(settings)}</dd>
      </DetailList>
      <IdleTimeoutForm settings={settings} onSaved={onSaved} />
    </Stack>
  );
}
