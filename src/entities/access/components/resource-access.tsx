import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { Link as RouterLink } from 'react-router';
import type { ResourceType } from '@contract/access';
import { EVERY_TAG, UNTAGGED } from '@domain/tags';
import { ErrorState, LoadingState } from '@/components/states';
import { paths } from '@/config/paths';
import { teamPath } from '@/config/links';
import { isApiError } from '@/lib/api/api-error';
import { useHolders } from '../api/get-holders';
import { peopleCount } from './impact-preview';
import { stickyFirstColumnStyle, tableScrollerStyle } from '@/components/table-scroll';

/** A rule opened in the builder of the Permissions screen. */
export function rulePath(ruleId: string): string {
  return `${paths.permissions}?${new URLSearchParams({ rule: ruleId }).toString()}`;
}

/** The explainer on the Permissions screen, opened on this resource. */
export function explainerPath(resourceType: ResourceType, resourceId: string): string {
  const query = new URLSearchParams({ explainType: resourceType, explainResource: resourceId });
  return `${paths.permissions}?${query.toString()}#check-access`;
}

function matchedTagText(tag: string): string {
  if (tag === EVERY_TAG) return '* (every resource)';
  if (tag === UNTAGGED) return 'untagged (it has no tags)';
  return tag;
}

type ResourceAccessProps = {
  resourceType: ResourceType;
  resourceId: string;
  /** The level of the section's heading (2 on a resource's own page). */
  headingLevel?: 2 | 3;
};

/**
 * The reverse view of the access rules, for a cluster's or a pipeline's page: how many people
 * hold each privilege on it, which rules give it (team, members, the tag that matched), and a
 * link to check one person in the explainer. For administrators only: render it only for them
 * (the API answers 403 to anyone else, and then this shows nothing).
 *
 * @example
 * {me.level === 'administrator' && <ResourceAccess resourceType="cluster" resourceId={id} />}
 */
export function ResourceAccess({
  resourceType,
  resourceId,
  headingLevel = 2,
}: ResourceAccessProps) {
  const headingId = useId();
  const holders = useHolders({ resourceType, resourceId });
  const kind = resourceType === 'cluster' ? 'cluster' : 'pipeline';

  if (isApiError(holders.error, 403)) return null;

  let body;
  if (holders.data) {
    const { grants, privileges, administrators, resource } = holders.data;
    body = (
      <Stack spacing={2}>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {administrators === 1
            ? 'The one administrator holds'
            : `The ${administrators.toLocaleString()} administrators hold`}{' '}
          every privilege on every {kind}; the counts below include them. Everyone else has what the
          rules of their teams give on the tags of this {kind}
          {resource.tags.length > 0 ? ` (${resource.tags.join(', ')})` : ' (it has no tags)'}.
        </Typography>
        <TableContainer sx={{ maxWidth: 480 }}>
          <Table
            size="small"
            aria-label={`People holding each privilege on ${kind} ${resource.name}`}
          >
            <TableHead>
              <TableRow>
                <TableCell>Privilege</TableCell>
                <TableCell align="right">People</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {privileges.map(({ privilege, people }) => (
                <TableRow key={privilege}>
                  <TableCell component="th" scope="row">
                    {privilege}
                  </TableCell>
                  <TableCell align="right">{people.toLocaleString()}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        {grants.length === 0 ? (
          <Alert severity="info" variant="outlined">
            No rule applies to this {kind}: only administrators can use it.
          </Alert>
        ) : (
          <TableContainer sx={tableScrollerStyle}>
            <Table
              size="small"
              aria-label={`Rules that apply to ${kind} ${resource.name}`}
              sx={stickyFirstColumnStyle}
            >
              <TableHead>
                <TableRow>
                  <TableCell>Rule</TableCell>
                  <TableCell>Team</TableCell>
                  <TableCell>Grants here</TableCell>
                  <TableCell>Because of the tag</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {grants.map(({ rule, team, privileges: granted, matchedTags }) => (
                  <TableRow key={rule.id}>
                    <TableCell component="th" scope="row">
                      <Link component={RouterLink} to={rulePath(rule.id)} sx={{ fontWeight: 500 }}>
                        Rule {rule.number}
                      </Link>
                      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                        {rule.sentence}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      <Link component={RouterLink} to={teamPath(team.id)}>
                        {team.name}
                      </Link>
                      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                        {peopleCount(team.memberCount)}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                        {granted.map((privilege) => (
                          <Chip key={privilege} label={privilege} size="small" variant="outlined" />
                        ))}
                      </Stack>
                    </TableCell>
                    <TableCell>{matchedTags.map(matchedTagText).join(', ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        <Box>
          <Link component={RouterLink} to={explainerPath(resourceType, resourceId)}>
            Check one person’s access to this {kind}
          </Link>
        </Box>
      </Stack>
    );
  } else if (holders.error) {
    body = (
      <ErrorState
        title="Who has access could not be loaded."
        error={holders.error}
        onRetry={() => void holders.refetch()}
      />
    );
  } else {
    body = <LoadingState label="Loading who has access" />;
  }

  return (
    <Stack component="section" aria-labelledby={headingId} spacing={2}>
      <Typography id={headingId} variant="h6" component={`h${headingLevel}`}>
        Who has access
      </Typography>
      {body}
    </Stack>
  );
}
