import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { Fragment } from 'react';
import { SSO_PROVIDER_TYPE_NAMES, type SsoProvider } from '@contract/sso-providers';
import { stickyFirstColumnStyle, tableScrollerStyle } from '@/components/table-scroll';
import { DetailList } from '@/components/detail-list';

const setOrNot = (set: boolean) => (set ? 'set' : 'not set');

/** The details that tell providers apart; secrets only as whether they are set. */
function keyDetails(provider: SsoProvider): [label: string, value: string][] {
  const mappings = provider.groupMappings.length;
  return [
    ...connectionDetails(provider),
    ['New people', provider.createPeople ? 'created on first sign-in' : 'refused'],
    ['Group mappings', mappings === 0 ? 'none' : `${mappings}`],
  ];
}

function connectionDetails(provider: SsoProvider): [label: string, value: string][] {
  switch (provider.type) {
    case 'oidc':
      return [
        ['Issuer URL', provider.issuerUrl],
        ['Client ID', provider.clientId],
        ['Client secret', setOrNot(provider.clientSecretSet)],
      ];
    case 'saml':
      return [
        ['SSO URL', provider.ssoUrl],
        ['Entity ID', provider.entityId],
      ];
    case 'ldap':
      return [
        ['LDAP URL', provider.url],
        ['Bind DN', provider.bindDn],
        ['Search base', provider.searchBase],
        ['Bind password', setOrNot(provider.bindPasswordSet)],
      ];
  }
}

export function peopleCountText(count: number): string {
  return count === 1 ? '1 person' : `${count} people`;
}

type SsoProvidersTableProps = {
  providers: SsoProvider[];
  onEdit: (provider: SsoProvider) => void;
  onDelete: (provider: SsoProvider) => void;
  /** Test connection (OIDC and LDAP: SAML has nothing to call before a sign-in). */
  onTest: (provider: SsoProvider) => void;
  /** Sync now (LDAP), and the id of the provider being synced. */
  onSync: (provider: SsoProvider) => void;
  syncing: string | undefined;
};

export function SsoProvidersTable({
  providers,
  onEdit,
  onDelete,
  onTest,
  onSync,
  syncing,
}: SsoProvidersTableProps) {
  return (
    <TableContainer sx={tableScrollerStyle}>
      <Table size="small" aria-label="SSO providers" sx={stickyFirstColumnStyle}>
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>Connection</TableCell>
            <TableCell align="right">People</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {providers.map((provider) => (
            <TableRow key={provider.id}>
              <TableCell component="th" scope="row" sx={{ verticalAlign: 'top' }}>
                {provider.name}
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                {SSO_PROVIDER_TYPE_NAMES[provider.type]}
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                <DetailList wrap sx={{ columnGap: 1.5, rowGap: 0 }}>
                  {keyDetails(provider).map(([label, value]) => (
                    <Fragment key={label}>
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </Fragment>
                  ))}
                </DetailList>
              </TableCell>
              <TableCell align="right" sx={{ verticalAlign: 'top' }}>
                {provider.peopleCount}
              </TableCell>
              <TableCell align="right" sx={{ verticalAlign: 'top' }}>
                <Stack
                  direction="row"
                  sx={{ justifyContent: 'flex-end', flexWrap: 'wrap', columnGap: 1 }}
                >
                  {provider.type !== 'saml' && (
                    <Button
                      size="small"
                      aria-label={`Test connection to ${provider.name}`}
                      onClick={() => onTest(provider)}
                    >
                      Test connection
                    </Button>
                  )}
                  {provider.type === 'ldap' && (
                    <Button
                      size="small"
                      aria-label={`Sync ${provider.name} now`}
                      loading={syncing === provider.id}
                      onClick={() => onSync(provider)}
                    >
                      Sync now
                    </Button>
                  )}
                  <Button
                    size="small"
                    aria-label={`Edit ${provider.name}`}
                    onClick={() => onEdit(provider)}
                  >
                    Edit
                  </Button>
                  <Button
                    size="small"
                    color="error"
                    aria-label={`Delete ${provider.name}`}
                    onClick={() => onDelete(provider)}
                  >
                    Delete
                  </Button>
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
