import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import type { RestrictionImpact } from '@contract/restrictions';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { pipelinePath } from '@/config/paths';

const pipelines = (count: number) =>
  `${count.toLocaleString()} ${count === 1 ? 'pipeline' : 'pipelines'}`;

type RestrictionsImpactDialogProps = {
  /** What the server says saving would do; kept while the dialog fades out. */
  impact: RestrictionImpact | undefined;
  open: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
};

/**
 * Asks before saving restrictions that refuse existing pipelines (P-4.3), as turning a source off
 * does: how many they refuse and how many of those would stop running, then the first ten (those
 * that stop first, each a link to its page, with what refuses it) and "and N more".
 */
export function RestrictionsImpactDialog({
  impact,
  open,
  pending,
  onConfirm,
  onClose,
}: RestrictionsImpactDialogProps) {
  if (!impact) return null;
  const alreadyRefused = impact.refused - impact.stopped;
  return (
    <ConfirmDialog
      open={open}
      title={`Save restrictions that refuse ${pipelines(impact.refused)}?`}
      confirmLabel="Save restrictions"
      onConfirm={onConfirm}
      onClose={onClose}
      pending={pending}
    >
      {impact.stopped > 0 && (
        <Typography component="p" sx={{ mb: 1 }}>
          Saving them stops {pipelines(impact.stopped)} that may run today: their definitions are
          files these restrictions refuse.
        </Typography>
      )}
      <Typography
        component="ul"
        aria-label="Pipelines these restrictions refuse"
        sx={{ my: 1, pl: 3, '& li': { mb: 0.5 } }}
      >
        {impact.pipelines.map((pipeline) => (
          <li key={pipeline.id}>
            <Link component={RouterLink} to={pipelinePath(pipeline.id)}>
              {pipeline.project}/{pipeline.name}
            </Link>
            {pipeline.stops ? ' — stops running. ' : ' — refused already. '}
            {pipeline.refusedBy.join(' ')}
          </li>
        ))}
      </Typography>
      {impact.refused > impact.pipelines.length && (
        <Typography component="p" sx={{ mb: 1 }}>
          and {(impact.refused - impact.pipelines.length).toLocaleString()} more.
        </Typography>
      )}
      {alreadyRefused > 0 && (
        <Typography component="p" sx={{ mb: 1 }}>
          {alreadyRefused === 1
            ? '1 was refused already and stays refused.'
            : `${alreadyRefused.toLocaleString()} were refused already and stay refused.`}
        </Typography>
      )}
      {impact.allowedAgain > 0 && (
        <Typography component="p" sx={{ mb: 1 }}>
          {pipelines(impact.allowedAgain)} refused now may run again.
        </Typography>
      )}
      <Typography component="p">
        Refused pipelines keep their definitions and may run again once the restrictions allow them.
      </Typography>
    </ConfirmDialog>
  );
}
