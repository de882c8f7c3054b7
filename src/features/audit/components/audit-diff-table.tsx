import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import type { SxProps, Theme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { REDACTED, REDACTED_CHANGED } from '@contract/audit';
import { visuallyHidden } from '@/components/visually-hidden';
import { diffFields, fieldLabel, valueInWords, type FieldChange } from './audit-diff';

const MARKERS = new Set<unknown>([REDACTED, REDACTED_CHANGED]);

const Muted = ({ children }: { children: string }) => (
  <Box component="span" sx={{ color: 'text.secondary', fontStyle: 'italic' }}>
    {children}
  </Box>
);

/** A recorded value as a person reads it; secrets stand as their marker, never a value. */
function Value({ path, value }: { path: string; value: unknown }) {
  const words = valueInWords(path, value);
  if (words !== undefined) return <>{words}</>;
  if (value === undefined || value === null) {
    return (
      <>
        <Box component="span" aria-hidden sx={{ color: 'text.secondary' }}>
          —
        </Box>
        <Box component="span" sx={visuallyHidden}>
          none
        </Box>
      </>
    );
  }
  if (MARKERS.has(value)) {
    return (
      <Box
        component="span"
        sx={{ fontFamily: 'monospace', bgcolor: 'action.selected', px: 0.5, borderRadius: 0.5 }}
      >
        {String(value)}
      </Box>
    );
  }
  if (typeof value === 'boolean') return <>{value ? 'yes' : 'no'}</>;
  if (value === '') return <Muted>(empty)</Muted>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <Muted>(none)</Muted>;
    if (value.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
      return <>{value.join(', ')}</>;
    }
  }
  if (typeof value === 'object') {
    return (
      <Box component="code" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {JSON.stringify(value)}
      </Box>
    );
  }
  return <>{String(value)}</>;
}

function FieldRows({ fields, withBefore }: { fields: FieldChange[]; withBefore: boolean }) {
  return (
    <tbody>
      {fields.map((field) => (
        <tr key={field.path}>
          <th scope="row" title={field.path}>
            {fieldLabel(field.path)}
          </th>
          {withBefore && (
            <td>
              <Value path={field.path} value={field.before} />
            </td>
          )}
          <td>
            <Value path={field.path} value={field.after} />
          </td>
        </tr>
      ))}
    </tbody>
  );
}

type AuditDiffTableProps = {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/**
 * The difference between an entry's before and after values: the changed fields as a table
 * (field, before, after), and the unchanged ones collapsed behind a button. A creation has
 * nothing before it and a deletion nothing after; secrets show as `[redacted]`.
 */
export function AuditDiffTable({ before, after }: AuditDiffTableProps) {
  const [showUnchanged, setShowUnchanged] = useState(false);
  const unchangedId = useId();
  const fields = diffFields(before, after);
  const changed = fields.filter((field) => field.changed);
  const unchanged = fields.filter((field) => !field.changed);
  const hasSecrets = fields.some((field) => MARKERS.has(field.before) || MARKERS.has(field.after));

  return (
    <Box>
      {changed.length === 0 ? (
        <Typography>No recorded field changed.</Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Box component="table" aria-label="Changed fields" sx={tableStyle}>
            <thead>
              {before === null ? (
                // A creation or a sign-in: nothing before it, so only what was recorded.
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Recorded</th>
                </tr>
              ) : (
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              )}
            </thead>
            <FieldRows fields={changed} withBefore={before !== null} />
          </Box>
        </Box>
      )}
      {unchanged.length > 0 && (
        <Box sx={{ mt: 2 }}>
          <Button
            size="small"
            aria-expanded={showUnchanged}
            aria-controls={showUnchanged ? unchangedId : undefined}
            onClick={() => setShowUnchanged((shown) => !shown)}
          >
            {showUnchanged ? 'Hide' : 'Show'} {unchanged.length} unchanged{' '}
            {unchanged.length === 1 ? 'field' : 'fields'}
          </Button>
          {showUnchanged && (
            <Box sx={{ overflowX: 'auto' }}>
              <Box component="table" id={unchangedId} aria-label="Unchanged fields" sx={tableStyle}>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <FieldRows fields={unchanged} withBefore={false} />
              </Box>
            </Box>
          )}
        </Box>
      )}
      {hasSecrets && (
        <Typography variant="body2" sx={{ color: 'text.secondary', mt: 2 }}>
          Secrets are never recorded: {REDACTED} stands for one that is set, and {REDACTED_CHANGED}{' '}
          for one this change replaced.
        </Typography>
      )}
    </Box>
  );
}

const tableStyle: SxProps<Theme> = (theme) => ({
  width: '100%',
  borderCollapse: 'collapse',
  '& th, & td': {
    ...theme.typography.body2,
    textAlign: 'left',
    verticalAlign: 'top',
    padding: '6px 12px',
    borderBottom: `1px solid ${(theme.vars ?? theme).palette.divider}`,
    overflowWrap: 'anywhere',
  },
  '& thead th': { fontWeight: theme.typography.fontWeightMedium },
  '& tbody th': { fontWeight: theme.typography.fontWeightRegular, color: 'text.secondary' },
});
