import Typography from '@mui/material/Typography';
import type { Privilege, ResourceType } from '@contract/access';

/** "read, update", or "none": what the person may do, in the order the server lists it. */
export function privilegesSummary(privileges: readonly Privilege[]): string {
  return privileges.length === 0 ? 'none' : privileges.join(', ');
}

/** "a", "a and b", "a, b and c". */
function listed(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

type ResourcePrivilegesProps = {
  resourceType: ResourceType;
  privileges: readonly Privilege[];
  isAdministrator: boolean;
};

/** The signed-in person's privileges on one cluster or pipeline, as a sentence. */
export function ResourcePrivileges({
  resourceType,
  privileges,
  isAdministrator,
}: ResourcePrivilegesProps) {
  const what = `this ${resourceType}`;
  return (
    <Typography>
      {isAdministrator
        ? `As an administrator you hold every privilege on ${what}, whatever the rules say.`
        : privileges.length === 0
          ? `You hold no privilege on ${what}.`
          : `You may ${listed(privileges)} ${what}, through the rules of your teams.`}
    </Typography>
  );
}
