import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { SsoProvider } from '@contract/sso-providers';
import { CopyField } from '@/components/copy-field';

/** Perimeter's own addresses that an administrator registers at the identity provider. */
function addressesOf(provider: SsoProvider): [label: string, value: string][] {
  switch (provider.type) {
    case 'oidc':
      return [['Redirect URI', provider.redirectUri]];
    case 'saml':
      return [
        ['Metadata URL', provider.metadataUrl],
        ['Entity ID of Perimeter', provider.spEntityId],
        ['Assertion consumer service URL', provider.acsUrl],
      ];
    case 'ldap':
      return [];
  }
}

const INTRO = {
  oidc: 'Register this redirect URI with the application at the identity provider.',
  saml: 'Give the identity provider Perimeter’s metadata URL, or these addresses.',
  ldap: '',
} as const;

/** The addresses to register at the provider, read-only with copy buttons (saved providers). */
export function SsoProviderAddresses({ provider }: { provider: SsoProvider }) {
  const headingId = useId();
  const addresses = addressesOf(provider);
  if (addresses.length === 0) return null;
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={1}>
      <Typography id={headingId} variant="subtitle1" component="h3">
        At the identity provider
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {INTRO[provider.type]}
      </Typography>
      {addresses.map(([label, value]) => (
        <CopyField key={label} label={label} value={value} />
      ))}
    </Stack>
  );
}
