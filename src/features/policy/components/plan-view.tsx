import ErrorOutline from '@mui/icons-material/ErrorOutlineOutlined';
import Alert from '@mui/material/Alert';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { POLICY_SECTIONS, type PolicySection } from '@contract/policy';
import type {
  ImpactLine,
  PlanItem,
  PlanSection,
  PolicyPlan,
  PolicyProblem,
} from '@/entities/policy/api/policy-types';
import { planCounts, plural } from '../lib/plan-counts';

/** The document's sections as the plan names them, in the document's order, in words. */
const SECTION_LABELS: Record<PolicySection, string> = {
  settings: 'Settings',
  teams: 'Teams',
  rules: 'Rules',
  clusterTags: 'Cluster tags',
  pipelineTags: 'Pipeline tags',
  restrictions: 'Restrictions',
};
const CHANGE_LABELS = { added: 'Added', changed: 'Changed', removed: 'Removed' } as const;

function Items({ kind, items }: { kind: keyof typeof CHANGE_LABELS; items: PlanItem[] }) {
  const headingId = useId();
  if (items.length === 0) return null;
  return (
    <div>
      <Typography id={headingId} variant="subtitle2" component="h4">
        {CHANGE_LABELS[kind]} ({items.length})
      </Typography>
      <List dense disablePadding aria-labelledby={headingId}>
        {items.map((item) => (
          <ListItem key={item.key} disableGutters sx={{ py: 0 }}>
            {/* A rule's key is its sentence, which its summary repeats. */}
            {item.summary.includes(item.key) ? (
              <ListItemText primary={item.summary} />
            ) : (
              <ListItemText primary={item.key} secondary={item.summary} />
            )}
          </ListItem>
        ))}
      </List>
    </div>
  );
}

function SectionPlan({ name, section }: { name: PolicySection; section: PlanSection }) {
  const headingId = useId();
  const total = section.added.length + section.changed.length + section.removed.length;
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={0.5}>
      <Typography id={headingId} variant="subtitle1" component="h3">
        {SECTION_LABELS[name]}
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {total === 0
          ? 'No change.'
          : `${section.added.length} added, ${section.changed.length} changed, ${section.removed.length} removed.`}
      </Typography>
      <Items kind="added" items={section.added} />
      <Items kind="changed" items={section.changed} />
      <Items kind="removed" items={section.removed} />
    </Stack>
  );
}

/** "deploy on 3 pipelines: api, web, worker" */
function impactSentence(line: ImpactLine): string {
  const what = plural(line.count, line.resourceType);
  const names = line.resources.map((resource) => resource.name).join(', ');
  const more = line.count > line.resources.length ? ', …' : '';
  return `${line.privilege} on ${what}${names ? `: ${names}${more}` : ''}`;
}

function ImpactList({ title, lines }: { title: string; lines: ImpactLine[] }) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={0.5}>
      <Typography id={headingId} variant="subtitle2" component="h4">
        {title} ({lines.length})
      </Typography>
      {lines.length === 0 ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Nobody.
        </Typography>
      ) : (
        <List dense disablePadding aria-labelledby={headingId}>
          {lines.map((line) => (
            <ListItem
              key={`${line.person.id}:${line.privilege}:${line.resourceType}`}
              disableGutters
              sx={{ py: 0 }}
            >
              <ListItemText
                primary={`${line.person.name} (${line.person.email})`}
                secondary={impactSentence(line)}
              />
            </ListItem>
          ))}
        </List>
      )}
    </Stack>
  );
}

type ProblemListProps = {
  problems: readonly PolicyProblem[];
  /** Moves the editor's cursor to the problem. */
  onSelect: (problem: PolicyProblem) => void;
};

/** The document's problems, each a button that moves the editor's cursor to its place. */
export function PolicyProblems({ problems, onSelect }: ProblemListProps) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} spacing={0.5}>
      <Typography id={headingId} variant="subtitle1" component="h3">
        Problems
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {problems.length === 0
          ? 'None: the document can be applied.'
          : `${plural(problems.length, 'problem')}: fix them in the document and plan again. Nothing can be applied until there are none.`}
      </Typography>
      {problems.length > 0 && (
        <List dense disablePadding aria-labelledby={headingId}>
          {problems.map((problem) => (
            <li key={`${problem.line}:${problem.column}:${problem.code}:${problem.message}`}>
              <ListItemButton onClick={() => onSelect(problem)} sx={{ py: 0.25 }}>
                <ListItemIcon sx={{ minWidth: 32 }}>
                  <ErrorOutline fontSize="small" color="error" titleAccess="Error" />
                </ListItemIcon>
                <ListItemText
                  primary={problem.message}
                  secondary={`Line ${problem.line}, column ${problem.column}`}
                />
              </ListItemButton>
            </li>
          ))}
        </List>
      )}
    </Stack>
  );
}

type PlanViewProps = {
  plan: PolicyPlan;
  onSelectProblem: (problem: PolicyProblem) => void;
};

/**
 * What applying the document would do: per section, what is added, changed and removed; who
 * gains and who loses which privilege; and the document's problems. Nothing is applied yet.
 */
export function PlanView({ plan, onSelectProblem }: PlanViewProps) {
  const counts = planCounts(plan);
  const impactId = useId();
  return (
    <Stack spacing={3}>
      {counts.changes === 0 && plan.problems.length === 0 && (
        <Alert severity="info">
          The document is the account’s policy as it is: applying it would change nothing.
        </Alert>
      )}
      <PolicyProblems problems={plan.problems} onSelect={onSelectProblem} />
      {POLICY_SECTIONS.map((name) => (
        <SectionPlan key={name} name={name} section={plan.sections[name]} />
      ))}
      <Stack component="section" aria-labelledby={impactId} spacing={1}>
        <Typography id={impactId} variant="subtitle1" component="h3">
          Impact
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Who gains and who loses a privilege, on how many resources, as the access engine decides
          it.
        </Typography>
        <ImpactList title="Gains" lines={plan.impact.gains} />
        <ImpactList title="Losses" lines={plan.impact.losses} />
        {plan.impact.truncated && (
          <Typography variant="body2">
            The impact is longer than shown: only its first lines were computed.
          </Typography>
        )}
      </Stack>
    </Stack>
  );
}
