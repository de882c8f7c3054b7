import Typography from '@mui/material/Typography';
import { GIT_PROVIDER_KIND_LABELS, type GitProviderKind } from '@contract/integrations';
import { TRIGGER_EVENT_LABELS, type TriggerEvent } from '@contract/triggers';

type Steps = { where: string; fields: string; events: string; signature: string };

// Where each provider keeps its webhooks, in the words of its own screens.
const STEPS: Record<GitProviderKind, Steps> = {
  github: {
    where: 'In the repository on GitHub, open Settings → Webhooks → Add webhook.',
    fields:
      'Paste the webhook URL into “Payload URL”, choose “application/json” as the “Content type” and paste the secret into “Secret”.',
    events:
      'Under “Which events would you like to trigger this webhook?”, choose “Let me select individual events” and tick',
    signature:
      'GitHub signs each delivery with the secret in the X-Hub-Signature-256 header; Perimeter refuses deliveries without a valid signature.',
  },
  'github-enterprise': {
    where:
      'In the repository on your GitHub Enterprise server, open Settings → Hooks (Webhooks) → Add webhook.',
    fields:
      'Paste the webhook URL into “Payload URL”, choose “application/json” as the “Content type” and paste the secret into “Secret”.',
    events: 'Choose “Let me select individual events” and tick',
    signature:
      'GitHub Enterprise signs each delivery with the secret in the X-Hub-Signature-256 header; Perimeter refuses deliveries without a valid signature.',
  },
  gitlab: {
    where: 'In the project on GitLab, open Settings → Webhooks → Add new webhook.',
    fields:
      'Paste the webhook URL into “URL” and the secret into “Secret token”. GitLab always sends JSON.',
    events: 'Under “Trigger”, tick',
    signature:
      'GitLab sends the secret token in the X-Gitlab-Token header; Perimeter refuses deliveries without it.',
  },
  'bitbucket-server': {
    where:
      'In the repository on Bitbucket Server, open Repository settings → Webhooks → Create webhook.',
    fields:
      'Give it a name, paste the webhook URL into “URL” and the secret into “Secret”. Bitbucket Server sends JSON.',
    events: 'Under “Events”, tick',
    signature:
      'Bitbucket Server signs each delivery with the secret in the X-Hub-Signature header; Perimeter refuses deliveries without a valid signature.',
  },
};

type WebhookInstructionsProps = { kind: GitProviderKind; events: readonly TriggerEvent[] };

/** How to set up the webhook in the trigger's git provider, for the events it chose. */
export function WebhookInstructions({ kind, events }: WebhookInstructionsProps) {
  const steps = STEPS[kind];
  const chosen = events.map((event) => TRIGGER_EVENT_LABELS[event]).join(', ');
  return (
    <div>
      <Typography variant="subtitle2" component="h3">
        Set it up in {GIT_PROVIDER_KIND_LABELS[kind]}
      </Typography>
      <Typography component="ol" variant="body2" sx={{ pl: 3, my: 1, '& li': { mb: 0.5 } }}>
        <li>{steps.where}</li>
        <li>{steps.fields}</li>
        <li>
          {steps.events}: {chosen}.
        </li>
        <li>Save it. Perimeter accepts only JSON payloads (application/json).</li>
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {steps.signature}
      </Typography>
    </div>
  );
}
