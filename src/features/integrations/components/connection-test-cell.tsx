import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { ConnectionTestResult } from '@contract/integrations';
import { testResultText } from './integration-text';

type ConnectionTestCellProps = {
  /** The integration's name, for the button's accessible name. */
  name: string;
  behindFirewall: boolean;
  /** Why a behind-the-firewall one cannot be tested. */
  unreachableReason: string;
  lastTest: ConnectionTestResult | null;
  testing: boolean;
  onTest: () => void;
};

/**
 * The last connection test of one integration and the button that runs another. Behind the
 * firewall the button stays disabled, with the reason beside it in words (a disabled button
 * takes no focus, so a tooltip alone would be lost) and attached to it for screen readers.
 */
export function ConnectionTestCell({
  name,
  behindFirewall,
  unreachableReason,
  lastTest,
  testing,
  onTest,
}: ConnectionTestCellProps) {
  const reasonId = useId();
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start', maxWidth: 320 }}>
      {behindFirewall ? (
        <Typography id={reasonId} variant="body2" sx={{ color: 'text.secondary' }}>
          {unreachableReason}
        </Typography>
      ) : (
        <Typography
          variant="body2"
          sx={{ color: lastTest && !lastTest.ok ? 'error.main' : 'text.primary' }}
        >
          {lastTest ? testResultText(lastTest) : 'Never tested'}
        </Typography>
      )}
      <Button
        size="small"
        variant="outlined"
        disabled={behindFirewall}
        loading={testing}
        aria-label={`Test connection to ${name}`}
        aria-describedby={behindFirewall ? reasonId : undefined}
        onClick={onTest}
      >
        Test connection
      </Button>
    </Stack>
  );
}
