import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import type { TriggerWithSecret } from '@contract/triggers';
import { CopyField } from '@/components/copy-field';
import { ShownOnceDialog } from '@/components/shown-once-dialog';
import { WebhookInstructions } from './webhook-instructions';

type TriggerSecretDialogProps = {
  /** The trigger with its secret, from creating it or rotating its secret. */
  shown: { trigger: TriggerWithSecret; rotated: boolean } | undefined;
  onClose: () => void;
};

/** The webhook URL and the secret, the only time the secret is shown, and where to paste them. */
export function TriggerSecretDialog({ shown, onClose }: TriggerSecretDialogProps) {
  const trigger = shown?.trigger;
  return (
    <ShownOnceDialog
      open={shown !== undefined}
      title={
        shown?.rotated
          ? `New secret for the trigger on ${trigger?.repository ?? ''}`
          : `Connect ${trigger?.repository ?? ''} to Perimeter`
      }
      maxWidth="md"
      onClose={onClose}
    >
      {trigger && (
        // Keyed by the secret, so a second one starts with fresh copy statuses.
        <Stack key={trigger.secret} spacing={2} sx={{ pt: 1 }}>
          <Alert severity="warning">
            This is the only time Perimeter shows this secret. Paste it into{' '}
            {trigger.gitProvider.name} now. If it is lost, rotate the secret and paste the new one.
            {shown?.rotated && ' The previous secret no longer works.'}
          </Alert>
          <CopyField label="Webhook URL" value={trigger.webhookUrl} />
          <CopyField label="Secret" value={trigger.secret} />
          <WebhookInstructions kind={trigger.gitProvider.kind} events={trigger.events} />
        </Stack>
      )}
    </ShownOnceDialog>
  );
}
