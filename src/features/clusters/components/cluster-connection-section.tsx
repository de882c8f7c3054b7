import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useMemo, useState } from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import {
  updateClusterRequestSchema,
  type Cluster,
  type UpdateClusterRequest,
} from '@contract/clusters';
import { FormSwitch } from '@/components/form/form-switch';
import { codeInput, FormTextField } from '@/components/form/form-text-field';
import { DetailList } from '@/components/detail-list';
import { WriteOnlyField } from '@/components/form/write-only-field';
import { ResourceStaleAlert, useStaleness } from '@/components/resource-stale-alert';
import { toast } from '@/components/toast-store';
import { applyServerErrors } from '@/lib/form-errors';
import { requestBodyResolver } from '@/lib/form-resolver';
import { useUpdateCluster } from '../api/update-cluster';

const PROVIDER_TEXT = 'Custom: any Kubernetes cluster reachable at an API server URL.';

const INDEPENDENCE_TEXT =
  'This service account is independent of the runner’s own privileges: it needs the privileges to deploy to this cluster, while the runner’s privileges only launch pipelines.';

const INTERNAL_TEXT =
  'Behind the firewall: only runners inside your network reach its API server; the platform never connects to it.';

const URL_CHANGED =
  'Give the token again when the API server URL changes, so it never goes to a new server unasked.';

/** The form's values; the token is never filled in, only typed to set or replace it. */
type ConnectionFormValues = {
  apiServerUrl: string;
  caCertificate: string;
  serviceAccountToken: string;
  removeToken: boolean;
  internal: boolean;
};

const FIELDS = ['apiServerUrl', 'caCertificate', 'serviceAccountToken', 'internal'] as const;

function formValuesOf(cluster: Cluster): ConnectionFormValues {
  return {
    apiServerUrl: cluster.apiServerUrl ?? '',
    caCertificate: cluster.caCertificate ?? '',
    serviceAccountToken: '',
    removeToken: false,
    internal: cluster.internal,
  };
}

const urlChanged = (values: ConnectionFormValues, cluster: Cluster) =>
  values.apiServerUrl.trim().replace(/\/+$/, '') !== (cluster.apiServerUrl ?? '');

/**
 * What changed, as the `PATCH` body: an emptied field is `null` (removed), the token goes only
 * when typed (or `null` to remove it), and untouched fields are left out.
 */
function requestBodyOf(values: ConnectionFormValues, cluster: Cluster): UpdateClusterRequest {
  const body: UpdateClusterRequest = {};
  if (urlChanged(values, cluster)) body.apiServerUrl = values.apiServerUrl.trim() || null;
  const certificate = values.caCertificate.trim();
  if (certificate !== (cluster.caCertificate ?? '').trim())
    body.caCertificate = certificate || null;
  if (values.removeToken) body.serviceAccountToken = null;
  else if (values.serviceAccountToken !== '') body.serviceAccountToken = values.serviceAccountToken;
  if (values.internal !== cluster.internal) body.internal = values.internal;
  return body;
}

/** The contract's schema on the body the form would send, plus the new-URL rule. */
function connectionResolver(
  cluster: Cluster,
): Resolver<ConnectionFormValues, unknown, UpdateClusterRequest> {
  return requestBodyResolver<ConnectionFormValues, UpdateClusterRequest>(
    updateClusterRequestSchema,
    (values) => requestBodyOf(values, cluster),
    (values) =>
      cluster.serviceAccountTokenSet &&
      !values.removeToken &&
      values.serviceAccountToken === '' &&
      urlChanged(values, cluster)
        ? { name: 'serviceAccountToken', type: 'url-changed', message: URL_CHANGED }
        : undefined,
  );
}

function tokenHelp(cluster: Cluster): string {
  return cluster.serviceAccountTokenSet
    ? 'Set — leave empty to keep it, or paste a new one to replace it. Perimeter never shows it.'
    : 'Not set: paste the token of the service account that deploys. Perimeter never shows it again.';
}

type ClusterConnectionSectionProps = {
  cluster: Cluster;
  /** Administrators change the connection; others see it without the token. */
  isAdministrator: boolean;
  /** Loads the cluster again, after someone else's change (412). */
  reload: () => Promise<unknown>;
};

/**
 * How Perimeter connects to a cluster (P-5.3): the API server URL, its certificate authority,
 * the service-account token that deploys (write-only) and whether it is behind the firewall.
 */
export function ClusterConnectionSection({
  cluster,
  isAdministrator,
  reload,
}: ClusterConnectionSectionProps) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component="h2">
        Connection
      </Typography>
      {isAdministrator ? (
        <ClusterConnectionForm cluster={cluster} reload={reload} />
      ) : (
        <ClusterConnectionDetails cluster={cluster} />
      )}
    </Stack>
  );
}

function ClusterConnectionDetails({ cluster }: { cluster: Cluster }) {
  const rows: [string, string][] = [
    ['Provider', PROVIDER_TEXT],
    ['API server URL', cluster.apiServerUrl ?? 'Not set'],
    [
      'CA certificate',
      cluster.caCertificate ? 'Provided' : 'None: the API server’s certificate is publicly trusted',
    ],
    [
      'Network',
      cluster.internal ? 'Internal (behind the firewall)' : 'Reachable from the platform',
    ],
  ];
  return (
    <DetailList
      wrap
      aria-label="Connection settings"
      sx={{ gridTemplateColumns: { xs: 'none', sm: 'max-content 1fr' }, columnGap: 2 }}
    >
      {rows.map(([label, value]) => (
        <Box key={label} sx={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Box>
      ))}
    </DetailList>
  );
}

/**
 * The change is based on the version shown: when someone else saved first, nothing is
 * overwritten; the administrator is told and keeps what they typed while they reload.
 */
function ClusterConnectionForm({
  cluster,
  reload,
}: {
  cluster: Cluster;
  reload: () => Promise<unknown>;
}) {
  const update = useUpdateCluster();
  const [failure, setFailure] = useState<string>();
  const staleness = useStaleness(reload);
  // Follows the saved cluster, so a second save compares with what the first one stored.
  const resolver = useMemo(() => connectionResolver(cluster), [cluster]);
  const {
    control,
    handleSubmit,
    setError,
    reset,
    formState: { isDirty },
  } = useForm<ConnectionFormValues, unknown, UpdateClusterRequest>({
    resolver,
    mode: 'onTouched',
    defaultValues: formValuesOf(cluster),
  });
  const removeToken = useWatch({ control, name: 'removeToken' });

  const onSubmit = handleSubmit((change) => {
    setFailure(undefined);
    staleness.clear();
    update.mutate(
      { id: cluster.id, version: cluster.version, change },
      {
        onSuccess: (saved) => {
          reset(formValuesOf(saved));
          toast.success(`Connection of cluster ${saved.name} saved`);
        },
        onError: (error) => {
          if (!staleness.noteStale(error)) {
            setFailure(applyServerErrors(error, setError, FIELDS));
          }
        },
      },
    );
  });

  const pending = update.isPending;
  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2} sx={{ maxWidth: 720 }}>
      {staleness.stale && (
        <ResourceStaleAlert
          what={`cluster ${cluster.name}`}
          onReload={staleness.onReload}
          reloading={staleness.reloading}
        />
      )}
      {failure && <Alert severity="error">{failure}</Alert>}
      <Typography>
        <strong>Provider:</strong> {PROVIDER_TEXT}
      </Typography>
      <FormTextField
        control={control}
        name="apiServerUrl"
        label="API server URL"
        helperText="https://… as in https://k8s.example.com:6443."
        fullWidth
        disabled={pending}
        slotProps={codeInput}
      />
      <FormTextField
        control={control}
        name="caCertificate"
        label="CA certificate"
        helperText="In PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----; leave empty when the API server's certificate is publicly trusted."
        fullWidth
        multiline
        minRows={5}
        disabled={pending}
        slotProps={codeInput}
      />
      <WriteOnlyField
        control={control}
        name="serviceAccountToken"
        label="Service-account token"
        helperText={tokenHelp(cluster)}
        disabled={pending || removeToken}
      />
      {cluster.serviceAccountTokenSet && (
        <FormSwitch
          control={control}
          name="removeToken"
          label="Remove the stored token"
          helperText="Pipelines then cannot deploy to this cluster until a new token is given."
          disabled={pending}
        />
      )}
      <Alert severity="info" role="note">
        {INDEPENDENCE_TEXT}
      </Alert>
      <FormSwitch
        control={control}
        name="internal"
        label="Internal (behind the firewall)"
        helperText={INTERNAL_TEXT}
        disabled={pending}
      />
      <Box>
        <Button
          type="submit"
          variant="outlined"
          loading={pending}
          disabled={!isDirty || staleness.stale}
        >
          Save connection
        </Button>
      </Box>
    </Stack>
  );
}
