import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { AccountSettings } from '@contract/settings';
import { PLAN_NAMES, teamCreationRefusal } from '@contract/teams';
import { DetailList } from '@/components/detail-list';

/** What the plan means on this console: today, whether teams can be created (P-1.6). */
function planMeaning(plan: AccountSettings['plan']): string {
  return (
    teamCreationRefusal(plan) ??
    'On the Enterprise plan, administrators can create teams besides the built-in users and admins.'
  );
}

/** The account's name and plan, with what the plan allows and where it is set. */
export function AccountDetails({ settings }: { settings: AccountSettings }) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Account
      </Typography>
      <DetailList>
        <dt>Name</dt>
        <dd>{settings.name}</dd>
        <dt>Plan</dt>
        <dd>{PLAN_NAMES[settings.plan]}</dd>
      </DetailList>
      <Typography variant="body2">
        The plan is a deployment setting: whoever runs Perimeter chooses it with the{' '}
        <code>PERIMETER_PLAN</code> environment variable, so it cannot be changed here.{' '}
        {planMeaning(settings.plan)}
      </Typography>
    </Stack>
  );
}
