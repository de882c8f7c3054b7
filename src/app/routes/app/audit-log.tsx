import Typography from '@mui/material/Typography';
import { Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditEntry } from '@contract/audit';
import { Page } from '@/components/page';
import { EmptyState } from '@/components/states';
import { useAuditEntries, type AuditListParams } from '@/features/audit/api/get-audit-entries';
import { usePersonById } from '@/entities/users/api/search-people';
import { AuditFilters, AUDIT_FILTERS } from '@/features/audit/components/audit-filters';
import { LazyAuditEntryDialog } from '@/features/audit/components/audit-lazy';
import { AuditTable } from '@/features/audit/components/audit-table';
import { DownloadCsvButton } from '@/components/download-csv-button';
import { useDownloadAuditCsv } from '@/features/audit/api/download-audit-csv';
import { isUuid } from '@/lib/is-uuid';
import { oneOf, pagingOf, useListParams } from '@/lib/use-list-params';

/** The log's one order (the server's): newest first. */
const NEWEST_FIRST = '-at';

const time = (value: string | undefined) =>
  value && !Number.isNaN(Date.parse(value)) ? value : undefined;

/**
 * The audit log's filters from the address. The address is the person's to edit: anything
 * unknown in it is ignored, not sent, and so is the end of a range that ends before it starts
 * (the form says why).
 */
function filtersOf(params: Partial<Record<(typeof AUDIT_FILTERS)[number], string>>) {
  const from = time(params.from);
  const to = time(params.to);
  const rangeOk = !from || !to || Date.parse(from) < Date.parse(to);
  return {
    ...(isUuid(params.actorId) ? { actorId: params.actorId } : {}),
    ...(oneOf(AUDIT_ACTIONS, params.action) ? { action: oneOf(AUDIT_ACTIONS, params.action) } : {}),
    ...(oneOf(AUDIT_TARGET_TYPES, params.targetType)
      ? { targetType: oneOf(AUDIT_TARGET_TYPES, params.targetType) }
      : {}),
    ...(from ? { from } : {}),
    ...(to && rangeOk ? { to } : {}),
  } satisfies AuditListParams;
}

/**
 * The Audit log screen (P-3.5, administrators only): every administrative change, newest
 * first, filtered by person, action, target kind and time; each entry opens to its before and
 * after values; the filtered list, when it holds any, downloads as CSV. Entries cannot be changed from here or
 * anywhere else.
 */
export function Component() {
  const [params, update] = useListParams({ sort: NEWEST_FIRST, filters: AUDIT_FILTERS });
  const filters = filtersOf(params);
  const query: AuditListParams = { page: params.page, pageSize: params.pageSize, ...filters };
  const download = useDownloadAuditCsv();
  const entries = useAuditEntries(query);
  const person = usePersonById(filters.actorId);
  // A person who has left the account is still named by the entries they wrote.
  const actorName =
    person.data?.name ??
    entries.data?.items.find((entry) => entry.actor.id === filters.actorId)?.actor.name ??
    (person.isError ? 'A former member' : '…');
  const filtered = Object.keys(filters).length > 0;

  // `?entry=<id>`: a link to one entry opens it; an entry opened from the list is local.
  const [searchParams, setSearchParams] = useSearchParams();
  const linkedEntryId = searchParams.get('entry') ?? '';
  const [opened, setOpened] = useState<AuditEntry>();
  const shownId = opened?.id ?? linkedEntryId;
  const close = () => {
    setOpened(undefined);
    if (linkedEntryId) {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete('entry');
          return next;
        },
        { replace: true },
      );
    }
  };

  return (
    <Page title="Audit log">
      <Typography sx={{ color: 'text.secondary', mb: 2, maxWidth: 720 }}>
        Every change an administrator makes, in the console or through the API, newest first: who
        made it, when, and what it changed. Secrets are never recorded. Entries cannot be edited or
        deleted.
      </Typography>
      <AuditFilters
        values={params}
        person={filters.actorId ? { id: filters.actorId, name: actorName } : null}
        onChange={update}
      >
        {/* An empty log (or filters that match nothing) has nothing to download. */}
        {(entries.data?.total ?? 0) > 0 && (
          <DownloadCsvButton download={download} query={filters} what="The audit log" />
        )}
      </AuditFilters>
      <AuditTable
        query={entries}
        paging={pagingOf(params, update, NEWEST_FIRST)}
        onOpen={setOpened}
        empty={
          filtered ? (
            <EmptyState title="No entry matches">Try other filters, or clear them.</EmptyState>
          ) : (
            <EmptyState title="No changes yet">
              Changes to people, teams, rules, tags and settings will be listed here.
            </EmptyState>
          )
        }
      />
      {shownId && (
        <Suspense fallback={null}>
          <LazyAuditEntryDialog entryId={shownId} initial={opened} onClose={close} />
        </Suspense>
      )}
    </Page>
  );
}
