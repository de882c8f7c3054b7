import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { AccountSettings } from '@contract/settings';
import { InvitationDomainsForm } from './invitation-domains-form';

const DELIVERY: Record<AccountSettings['mailDelivery'], string> = {
  smtp: 'Administrators see each invitation link, to copy and pass on. Invitations are also mailed to the people invited, through the mail server of this deployment (SMTP_URL).',
  none: 'No mail server is configured (SMTP_URL): administrators copy the invitation link and pass it on.',
};

/** Who may be invited (P-1.8) and how invitations reach people. */
export function InvitationSettings({ settings }: { settings: AccountSettings }) {
  const headingId = useId();
  const domainsHeadingId = useId();
  const deliveryHeadingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={3}>
      <Typography id={headingId} variant="h6" component="h2">
        Invitations
      </Typography>
      <Stack component="section" aria-labelledby={domainsHeadingId} spacing={1}>
        <Typography id={domainsHeadingId} variant="subtitle1" component="h3">
          Email domains
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Limit invitations to your organisation's email domains: an address at any other domain is
          refused, in this console and through the API. People already in the account are not
          affected.
        </Typography>
        <InvitationDomainsForm domains={settings.invitationDomains} />
      </Stack>
      <Stack component="section" aria-labelledby={deliveryHeadingId} spacing={1}>
        <Typography id={deliveryHeadingId} variant="subtitle1" component="h3">
          Delivery
        </Typography>
        <Typography>{DELIVERY[settings.mailDelivery]}</Typography>
      </Stack>
    </Stack>
  );
}
