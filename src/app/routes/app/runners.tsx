import { Page } from '@/components/page';
import { RunnersTable } from '@/features/runners/components/runners-table';

/** The Runners screen (P-5.4, administrators only): register, watch and revoke runners. */
export function Component() {
  return (
    <Page title="Runners">
      <RunnersTable />
    </Page>
  );
}
