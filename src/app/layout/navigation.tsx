import AccountTreeIcon from '@mui/icons-material/AccountTree';
import ExtensionIcon from '@mui/icons-material/Extension';
import GroupsIcon from '@mui/icons-material/Groups';
import HistoryIcon from '@mui/icons-material/History';
import DeviceHubIcon from '@mui/icons-material/DeviceHub';
import LanIcon from '@mui/icons-material/Lan';
import PeopleIcon from '@mui/icons-material/People';
import CodeIcon from '@mui/icons-material/Code';
import RuleIcon from '@mui/icons-material/Rule';
import SecurityIcon from '@mui/icons-material/Security';
import TuneIcon from '@mui/icons-material/Tune';
import SourceIcon from '@mui/icons-material/Source';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import type { ComponentType } from 'react';
import { useId } from 'react';
import { NavLink } from 'react-router';
import { paths } from '@/config/paths';

type NavEntry = { label: string; to: string; Icon: ComponentType };

const EVERYDAY: NavEntry[] = [
  { label: 'Pipelines', to: paths.pipelines, Icon: AccountTreeIcon },
  { label: 'Clusters', to: paths.clusters, Icon: DeviceHubIcon },
];

const ADMINISTRATION: NavEntry[] = [
  { label: 'People', to: paths.people, Icon: PeopleIcon },
  { label: 'Teams', to: paths.teams, Icon: GroupsIcon },
  { label: 'Permissions', to: paths.permissions, Icon: RuleIcon },
  { label: 'Security', to: paths.security, Icon: SecurityIcon },
  { label: 'Pipeline sources', to: paths.pipelineSources, Icon: SourceIcon },
  { label: 'Integrations', to: paths.integrations, Icon: ExtensionIcon },
  { label: 'Runners', to: paths.runners, Icon: LanIcon },
  { label: 'Audit log', to: paths.auditLog, Icon: HistoryIcon },
  { label: 'Policy', to: paths.policy, Icon: CodeIcon },
  { label: 'Account settings', to: paths.accountSettings, Icon: TuneIcon },
];

function NavItem({ entry, onNavigate }: { entry: NavEntry; onNavigate: () => void }) {
  const { label, to, Icon } = entry;
  return (
    <li>
      <ListItemButton
        component={NavLink}
        to={to}
        onClick={onNavigate}
        // NavLink marks the current page with aria-current and the `active` class.
        sx={{
          '&.active': {
            bgcolor: 'action.selected',
            '& .MuiListItemText-primary': { fontWeight: 500 },
          },
        }}
      >
        <ListItemIcon>
          <Icon />
        </ListItemIcon>
        <ListItemText primary={label} />
      </ListItemButton>
    </li>
  );
}

type NavigationProps = { isAdministrator: boolean; onNavigate: () => void };

/** The main navigation: everyday screens, and the administration screens for administrators. */
export function Navigation({ isAdministrator, onNavigate }: NavigationProps) {
  const adminHeadingId = useId();
  return (
    <nav aria-label="Main navigation">
      <List>
        {EVERYDAY.map((entry) => (
          <NavItem key={entry.to} entry={entry} onNavigate={onNavigate} />
        ))}
      </List>
      {/* Hiding these is convenience, not enforcement: the server refuses non-administrators. */}
      {isAdministrator && (
        <>
          <ListSubheader id={adminHeadingId} component="h2" disableSticky>
            Administration
          </ListSubheader>
          <List aria-labelledby={adminHeadingId} sx={{ pt: 0 }}>
            {ADMINISTRATION.map((entry) => (
              <NavItem key={entry.to} entry={entry} onNavigate={onNavigate} />
            ))}
          </List>
        </>
      )}
    </nav>
  );
}
