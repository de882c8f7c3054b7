import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { UseMutationResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { ConnectionTestResult } from '@contract/integrations';
import { toast } from '@/components/toast-store';
import { visuallyHidden } from '@/components/visually-hidden';
import { errorMessage } from '@/lib/api/api-error';
import { ConnectionTestCell } from './connection-test-cell';
import { unreachableReason } from './integration-text';

type RowActionsProps = { name: string; onEdit: () => void; onDelete: () => void };

/** Edit and Delete of one row; their accessible names include the row ("Edit corp-gitlab"). */
export function RowActions({ name, onEdit, onDelete }: RowActionsProps) {
  return (
    <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
      <Button size="small" aria-label={`Edit ${name}`} onClick={onEdit}>
        Edit
      </Button>
      <Button size="small" color="error" aria-label={`Delete ${name}`} onClick={onDelete}>
        Delete
      </Button>
    </Stack>
  );
}

type Testable = {
  id: string;
  name: string;
  behindFirewall: boolean;
  lastTest: ConnectionTestResult | null;
};

/**
 * The connection tests of a list: the cell of each row, and one polite live region, heard but
 * not seen, that says how the last test went (the row's text changes too, but a screen reader
 * would not hear it). A request that fails outright is a toast: the row has nothing to show.
 *
 * @example
 * const tests = useConnectionTests('registry', useTestRegistry());
 * columns.push({ id: 'test', label: 'Last connection test', render: tests.cell });
 * return <>{tests.announcement}<DataTable … /></>;
 */
export function useConnectionTests(
  noun: 'git provider' | 'registry',
  test: UseMutationResult<ConnectionTestResult, Error, string>,
): { cell: (row: Testable) => ReactNode; announcement: ReactNode } {
  const [message, setMessage] = useState('');

  const run = (row: Testable) => {
    setMessage(`Testing the connection to ${row.name}…`);
    test.mutate(row.id, {
      onSuccess: (result) =>
        setMessage(
          result.ok
            ? `The connection to ${row.name} works: ${result.detail}`
            : `The connection to ${row.name} failed: ${result.detail}`,
        ),
      // Nothing in the row changes when the request itself fails: say it where it is seen.
      onError: (error) => {
        setMessage('');
        toast.error(`The ${noun} ${row.name} could not be tested: ${errorMessage(error)}`);
      },
    });
  };

  const cell = (row: Testable) => (
    <ConnectionTestCell
      name={row.name}
      behindFirewall={row.behindFirewall}
      unreachableReason={unreachableReason(noun === 'registry' ? 'registry' : 'provider')}
      lastTest={row.lastTest}
      testing={test.isPending && test.variables === row.id}
      onTest={() => run(row)}
    />
  );

  // For screen readers only: the row's own cell shows the outcome, and the same sentence
  // printed above the table read as a stray, unstyled duplicate.
  const announcement = (
    <Box role="status" aria-live="polite" sx={visuallyHidden}>
      {message}
    </Box>
  );
  return { cell, announcement };
}
