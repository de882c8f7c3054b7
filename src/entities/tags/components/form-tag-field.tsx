import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import type { ResourceType } from '@contract/access';
import { TagAutocomplete } from './tag-autocomplete';

type FormTagFieldProps<T extends FieldValues, TOutput> = {
  control: Control<T, unknown, TOutput>;
  /** A `string[]` field of the form. */
  name: Path<T>;
  /** The kind whose tags it suggests. */
  resourceType: ResourceType;
};

/**
 * The "Tags" field of a form that creates a cluster or a pipeline, bound to a react-hook-form
 * field; its error shows under it.
 *
 * @example
 * <FormTagField control={control} name="tags" resourceType="cluster" />
 */
export function FormTagField<T extends FieldValues, TOutput = T>({
  control,
  name,
  resourceType,
}: FormTagFieldProps<T, TOutput>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <TagAutocomplete
      label="Tags"
      resourceType={resourceType}
      value={(field.value as string[] | undefined) ?? []}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      error={fieldState.error?.message}
    />
  );
}
