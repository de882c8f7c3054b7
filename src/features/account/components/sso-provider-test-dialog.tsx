import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useId, useState } from 'react';
import type { SsoProvider } from '@contract/sso-providers';
import { DetailList } from '@/components/detail-list';
import { exactInput } from '@/components/form/form-text-field';
import { errorMessage } from '@/lib/api/api-error';
import { useTestSsoProvider } from '../api/test-sso-provider';

type SsoProviderTestDialogProps = {
  open: boolean;
  /** A saved OIDC or LDAP provider. */
  provider: SsoProvider | undefined;
  onClose: () => void;
};

/**
 * "Test connection" of a saved provider: the server reads an OIDC issuer's discovery document,
 * or binds to an LDAP directory and, given a user name, finds that person and shows what
 * Perimeter would read of them (DN, email, groups), which is what the group mappings match.
 */
export function SsoProviderTestDialog({ open, provider, onClose }: SsoProviderTestDialogProps) {
  const titleId = useId();
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      {provider && <TestForm titleId={titleId} provider={provider} onClose={onClose} />}
    </Dialog>
  );
}

type TestFormProps = { titleId: string; provider: SsoProvider; onClose: () => void };

function TestForm({ titleId, provider, onClose }: TestFormProps) {
  const test = useTestSsoProvider();
  const [username, setUsername] = useState('');
  const ldap = provider.type === 'ldap';
  const result = test.data;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = username.trim();
        test.mutate({ id: provider.id, request: ldap && trimmed ? { username: trimmed } : {} });
      }}
    >
      <DialogTitle id={titleId}>Test connection to {provider.name}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {ldap ? (
            <TextField
              label="User name to look up"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              helperText="Optional: someone to find in the directory, to see their email and groups as Perimeter reads them."
              autoFocus
              fullWidth
              slotProps={exactInput}
            />
          ) : (
            <span>
              Perimeter reads the discovery document of the issuer, as it does at each sign-in.
            </span>
          )}
          <div role="status">
            {test.isError ? (
              <Alert severity="error">{errorMessage(test.error)}</Alert>
            ) : result ? (
              <Alert severity={result.ok ? 'success' : 'error'}>
                {result.detail}
                {result.person && (
                  <DetailList wrap aria-label="Found in the directory" sx={{ mt: 1 }}>
                    <dt>DN</dt>
                    <dd>{result.person.dn}</dd>
                    <dt>Email</dt>
                    <dd>{result.person.email || 'none'}</dd>
                    <dt>Name</dt>
                    <dd>{result.person.name || 'none'}</dd>
                    <dt>Groups</dt>
                    <dd>
                      {result.person.groups.length === 0 ? (
                        'none'
                      ) : (
                        <ul style={{ margin: 0, paddingLeft: '1.25em' }}>
                          {result.person.groups.map((group) => (
                            <li key={group}>{group}</li>
                          ))}
                        </ul>
                      )}
                    </dd>
                  </DetailList>
                )}
              </Alert>
            ) : null}
          </div>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button type="submit" variant="contained" loading={test.isPending}>
          Test connection
        </Button>
      </DialogActions>
    </form>
  );
}
