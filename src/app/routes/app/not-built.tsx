import Typography from '@mui/material/Typography';
import { Page } from '@/components/page';
import { useScreenTitle } from './screen-handle';

/** An honest placeholder for a screen of a later issue: no fake data. */
export function Component() {
  const title = useScreenTitle();
  return (
    <Page title={title}>
      <Typography>This screen is not built yet.</Typography>
    </Page>
  );
}
