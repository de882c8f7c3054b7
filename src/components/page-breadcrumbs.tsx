import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';

type PageBreadcrumbsProps = {
  /** The pages above this one, outermost first. */
  trail: readonly { label: string; to: string }[];
  /** This page's name. */
  current: string;
};

/**
 * Where a page stands: links to the pages above it, then its own name (`aria-current`).
 *
 * @example
 * <PageBreadcrumbs trail={[{ label: 'Clusters', to: paths.clusters }]} current="prod-eu" />
 */
export function PageBreadcrumbs({ trail, current }: PageBreadcrumbsProps) {
  return (
    <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 1 }}>
      {trail.map(({ label, to }) => (
        <Link key={to} component={RouterLink} to={to}>
          {label}
        </Link>
      ))}
      <Typography aria-current="page" sx={{ color: 'text.primary' }}>
        {current}
      </Typography>
    </Breadcrumbs>
  );
}
