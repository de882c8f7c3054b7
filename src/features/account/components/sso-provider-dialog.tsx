import { useMemo } from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import {
  createSsoProviderRequestSchema,
  SSO_PROVIDER_TYPE_NAMES,
  SSO_PROVIDER_TYPES,
  updateSsoProviderRequestSchema,
  type CreateSsoProviderRequest,
  type SsoProvider,
} from '@contract/sso-providers';
import { FormDialog } from '@/components/form/form-dialog';
import { DialogForm } from '@/components/form/dialog-form';
import { useSaveOutcome } from '@/components/form/use-save-outcome';
import { FormCheckbox } from '@/components/form/form-checkbox';
import { FormTextField } from '@/components/form/form-text-field';
import { applyServerErrors } from '@/lib/form-errors';
import { requestBodyResolver } from '@/lib/form-resolver';
import { useCreateSsoProvider, useUpdateSsoProvider } from '../api/save-sso-provider';
import { SsoGroupMappings } from './sso-group-mappings';
import { SsoProviderAddresses } from './sso-provider-addresses';
import {
  fieldNameOf,
  formValuesOf,
  requestBodyOf,
  SsoProviderConnectionFields,
  type SsoProviderFormValues,
} from './sso-provider-fields';

/** Where each type of provider lists a person's groups. */
const GROUPS_ARE = {
  oidc: 'the groups claim of the ID token',
  saml: 'the groups attribute of the assertion',
  ldap: 'the directory groups found under the group search base',
} as const;

/** What the form submits: the contract's request, secrets left out when kept. */
type SsoProviderRequest = z.output<typeof updateSsoProviderRequestSchema>;

/**
 * Validates the body the form would send (the chosen type's fields only) with the contract's
 * schema; its error paths are the form's field names.
 */
function ssoProviderResolver(
  provider: SsoProvider | undefined,
): Resolver<SsoProviderFormValues, unknown, SsoProviderRequest> {
  return requestBodyResolver<SsoProviderFormValues, SsoProviderRequest>(
    provider ? updateSsoProviderRequestSchema : createSsoProviderRequestSchema,
    (values) => requestBodyOf(values, provider),
  );
}

type SsoProviderDialogProps = {
  open: boolean;
  /** The provider to edit; undefined to add one. */
  provider?: SsoProvider;
  onClose: () => void;
};

/** Adds or edits an SSO provider: its name, type and the connection details of that type. */
export function SsoProviderDialog({ open, provider, onClose }: SsoProviderDialogProps) {
  const create = useCreateSsoProvider();
  const update = useUpdateSsoProvider();
  return (
    <FormDialog
      open={open}
      pending={create.isPending || update.isPending}
      onClose={onClose}
      maxWidth="md"
    >
      {(titleId) => (
        <SsoProviderForm
          titleId={titleId}
          provider={provider}
          create={create}
          update={update}
          onClose={onClose}
        />
      )}
    </FormDialog>
  );
}

type SsoProviderFormProps = {
  titleId: string;
  provider: SsoProvider | undefined;
  create: ReturnType<typeof useCreateSsoProvider>;
  update: ReturnType<typeof useUpdateSsoProvider>;
  onClose: () => void;
};

function SsoProviderForm({ titleId, provider, create, update, onClose }: SsoProviderFormProps) {
  const resolver = useMemo(() => ssoProviderResolver(provider), [provider]);
  const { control, handleSubmit, setError } = useForm<
    SsoProviderFormValues,
    unknown,
    SsoProviderRequest
  >({
    resolver,
    mode: 'onTouched',
    defaultValues: formValuesOf(provider),
  });
  const type = useWatch({ control, name: 'type' });
  // The fields the server may name are those of the type being sent.
  const outcome = useSaveOutcome('SSO provider', onClose, (error) =>
    applyServerErrors(error, setError, fieldNameOf(type)),
  );
  const pending = create.isPending || update.isPending;

  const onSubmit = handleSubmit((body) => {
    outcome.clear();
    if (provider) {
      update.mutate({ id: provider.id, provider: body }, outcome.saved);
    } else {
      // Validated by the create schema, so the secret of its type is there.
      create.mutate(body as CreateSsoProviderRequest, outcome.added);
    }
  });

  return (
    <DialogForm
      titleId={titleId}
      title={provider ? `Edit SSO provider ${provider.name}` : 'Add SSO provider'}
      failure={outcome.failure}
      pending={pending}
      submitLabel={provider ? 'Save changes' : 'Add provider'}
      onSubmit={onSubmit}
      onCancel={onClose}
    >
      <FormTextField
        control={control}
        name="name"
        label="Name"
        helperText="As people know it, for example Okta or Corporate directory."
        required
        autoFocus
        fullWidth
        disabled={pending}
      />
      <FormTextField
        control={control}
        name="type"
        label="Type"
        select
        slotProps={{ select: { native: true } }}
        helperText="Each type asks for its own connection details."
        fullWidth
        disabled={pending}
      >
        {SSO_PROVIDER_TYPES.map((value) => (
          <option key={value} value={value}>
            {SSO_PROVIDER_TYPE_NAMES[value]}
          </option>
        ))}
      </FormTextField>
      {provider && provider.type === type && <SsoProviderAddresses provider={provider} />}
      <SsoProviderConnectionFields
        control={control}
        type={type}
        provider={provider}
        disabled={pending}
      />
      <FormCheckbox
        control={control}
        name="createPeople"
        label="Create people on first sign-in"
        helperText="Someone this provider signs in whose email address matches no one here joins the account as a user assigned to it, if the address is within the account’s invitation domains. When off, only people already in the account can sign in through it."
        disabled={pending}
      />
      <SsoGroupMappings control={control} groupsAre={GROUPS_ARE[type]} disabled={pending} />
    </DialogForm>
  );
}
