import DeleteOutlinedIcon from '@mui/icons-material/DeleteOutlined';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import Link from '@mui/material/Link';
import { useId, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import type { ResourceType, RuleWithWarnings } from '@contract/access';
import { DataTable, type DataTableColumn } from '@/components/data-table';
import { DownloadCsvButton } from '@/components/download-csv-button';
import { teamPath } from '@/config/links';
import { formatDateTime } from '@/lib/format';
import { EmptyState } from '@/components/states';
import { TabList } from '@/components/tab-list';
import { toast } from '@/components/toast-store';
import { errorMessage } from '@/lib/api/api-error';
import { pagingOf, useListParams } from '@/lib/use-list-params';
import { useDeleteRule } from '../api/delete-rule';
import { useDownloadRulesCsv } from '../api/download-rules-csv';
import {
  RULE_FILTERS,
  RULE_LIST_SORT,
  ruleListQueries,
  useRules,
} from '@/entities/rules/api/get-rules';
import { useImpactConfirmation } from '@/entities/access/components/impact-preview';
import { RuleSentence } from './rule-sentence';
import { RuleFilters, type RuleFilterValues } from './rule-filters';

const KINDS: { kind: ResourceType; label: string; plural: string }[] = [
  { kind: 'cluster', label: 'Clusters', plural: 'clusters' },
  { kind: 'pipeline', label: 'Pipelines', plural: 'pipelines' },
];

/** The list's state in the address: `?kind=pipeline&teamId=…&tag=staging&privilege=run&page=2`. */
export function useRuleListParams() {
  const [params, update] = useListParams({ sort: RULE_LIST_SORT, filters: RULE_FILTERS });
  return { params, update, ...ruleListQueries(params) };
}

type RuleActionsProps = {
  rule: RuleWithWarnings;
  onEdit: (rule: RuleWithWarnings) => void;
};

function RuleActions({ rule, onEdit }: RuleActionsProps) {
  const impact = useImpactConfirmation();
  const remove = useDeleteRule();

  const confirmDelete = async () => {
    try {
      const proceed = await impact.confirm(
        { change: 'delete-rule', ruleId: rule.id },
        {
          title: `Delete rule ${rule.number}?`,
          confirmLabel: 'Delete rule',
          show: 'always',
          destructive: true,
          description: (
            <Typography>
              Rule {rule.number} says: <strong>{rule.sentence}</strong> Its number is not reused.
            </Typography>
          ),
        },
      );
      if (!proceed) return;
      await remove.mutateAsync(rule.id);
      toast.success(`Rule ${rule.number} deleted`);
    } catch (error) {
      toast.error(`Rule ${rule.number} not deleted: ${errorMessage(error)}`);
    }
  };

  return (
    <Stack direction="row" sx={{ justifyContent: 'flex-end' }}>
      <Tooltip title="Edit">
        <IconButton aria-label={`Edit rule ${rule.number}`} onClick={() => onEdit(rule)}>
          <EditOutlinedIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Tooltip title="Delete">
        <IconButton
          aria-label={`Delete rule ${rule.number}`}
          onClick={() => void confirmDelete()}
          disabled={impact.isPreviewing || remove.isPending}
        >
          <DeleteOutlinedIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      {impact.dialog}
    </Stack>
  );
}

type RulesListProps = {
  onEdit: (rule: RuleWithWarnings) => void;
  /** Shown at the right of the tabs: the button that writes a rule. */
  actions?: ReactNode;
};

/**
 * The rules of one kind at a time (tabs with their counts), as sentences with what they imply
 * and their warnings, filtered by team, tag and privilege; every part of it in the address.
 */
export function RulesList({ onEdit, actions }: RulesListProps) {
  const { params, kind, update, list, otherCount: otherCountQuery } = useRuleListParams();
  const filtered = Boolean(list.teamId || list.tag || list.privilege);
  const other: ResourceType = kind === 'cluster' ? 'pipeline' : 'cluster';
  const rules = useRules(list);
  const download = useDownloadRulesCsv();
  const otherCount = useRules(otherCountQuery);
  const tabsId = useId();
  const totals: Record<ResourceType, number | undefined> = {
    [kind]: rules.data?.total,
    [other]: otherCount.data?.total,
  } as Record<ResourceType, number | undefined>;
  const plural = kind === 'cluster' ? 'clusters' : 'pipelines';

  const columns: DataTableColumn<RuleWithWarnings>[] = [
    {
      id: 'number',
      label: 'Rule',
      sortKey: 'number',
      rowHeader: true,
      render: (rule) => <Box sx={{ whiteSpace: 'nowrap' }}>Rule {rule.number}</Box>,
    },
    {
      id: 'team',
      label: 'Team',
      sortKey: 'team',
      render: (rule) => (
        <Link component={RouterLink} to={teamPath(rule.team.id)} sx={{ whiteSpace: 'nowrap' }}>
          {rule.team.name}
        </Link>
      ),
    },
    { id: 'sentence', label: 'What it grants', render: (rule) => <RuleSentence rule={rule} /> },
    {
      id: 'updatedAt',
      label: 'Last changed',
      sortKey: 'updatedAt',
      render: (rule) => <Box sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(rule.updatedAt)}</Box>,
    },
    {
      id: 'actions',
      label: 'Actions',
      hideLabel: true,
      align: 'right',
      render: (rule) => <RuleActions rule={rule} onEdit={onEdit} />,
    },
  ];

  const values: RuleFilterValues = {
    teamId: params.teamId,
    tag: params.tag,
    privilege: params.privilege,
  };

  return (
    <Stack spacing={2}>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}
      >
        <TabList
          label="Kind of resource"
          value={kind}
          onChange={(next) => update({ kind: next === 'cluster' ? '' : next })}
          panelId={`${tabsId}-panel`}
          tabs={KINDS.map(({ kind: tab, label }) => ({
            value: tab,
            label,
            count: totals[tab],
            id: `${tabsId}-${tab}`,
          }))}
        />
        {actions}
      </Stack>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { md: 'flex-start' } }}
      >
        <RuleFilters kind={kind} values={values} onChange={update} />
        {(rules.data?.total ?? 0) > 0 && (
          <DownloadCsvButton download={download} query={list} what="The rules list" />
        )}
      </Stack>
      <Box role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${kind}`}>
        <DataTable
          label={`Rules for ${plural}`}
          itemsName="rules"
          columns={columns}
          rowKey={(rule) => rule.id}
          query={rules}
          {...pagingOf(params, update, list.sort ?? RULE_LIST_SORT)}
          empty={
            filtered ? (
              <EmptyState title={`No rule for ${plural} matches these filters.`}>
                <Button
                  onClick={() => update({ teamId: '', tag: '', privilege: '' })}
                  sx={{ mt: 1 }}
                >
                  Clear the filters
                </Button>
              </EmptyState>
            ) : (
              <EmptyState title={`No rules for ${plural}`}>
                Without a rule, only administrators can use {plural}. A new account starts with a
                default rule that lets everyone (the team users){' '}
                {kind === 'cluster'
                  ? 'read and update clusters without tags'
                  : 'create, read, update, delete, run, approve and debug pipelines without tags'}
                ; it has been deleted here, so untagged {plural} are closed too. Write a rule to
                give a team access.
              </EmptyState>
            )
          }
        />
      </Box>
    </Stack>
  );
}
