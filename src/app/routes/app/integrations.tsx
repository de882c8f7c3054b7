import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { Page } from '@/components/page';
import { GitProvidersSection } from '@/features/integrations/components/git-providers-section';
import { RegistriesSection } from '@/features/integrations/components/registries-section';

const TABS = [
  { value: 'git-providers', label: 'Git providers' },
  { value: 'registries', label: 'Container registries' },
] as const;
type TabValue = (typeof TABS)[number]['value'];

/** `?tab=registries`; the git providers are the default and leave the URL alone. */
const TAB_PARAM = 'tab';

/**
 * Integrations (P-5.1, P-5.2), administrators only: the git providers and the container
 * registries pipelines name. The tab is in the URL, so a link or a reload opens the same one;
 * each tab's search and page are its own, so changing tabs starts from its first page.
 */
export function Component() {
  const [searchParams, setSearchParams] = useSearchParams();
  const baseId = useId();
  const tab: TabValue =
    searchParams.get(TAB_PARAM) === 'registries' ? 'registries' : 'git-providers';

  const choose = (value: TabValue) => {
    setSearchParams(value === 'git-providers' ? {} : { [TAB_PARAM]: value });
  };

  return (
    <Page title="Integrations">
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 3 }}>
        <Tabs
          value={tab}
          onChange={(_event, value: TabValue) => choose(value)}
          aria-label="Integrations"
        >
          {TABS.map(({ value, label }) => (
            <Tab
              key={value}
              value={value}
              label={label}
              id={`${baseId}-tab-${value}`}
              // Only the chosen tab's panel is rendered: no reference to a missing element.
              aria-controls={value === tab ? `${baseId}-panel-${value}` : undefined}
            />
          ))}
        </Tabs>
      </Box>
      <Box
        role="tabpanel"
        id={`${baseId}-panel-${tab}`}
        aria-labelledby={`${baseId}-tab-${tab}`}
        sx={{ maxWidth: 1280 }}
      >
        {tab === 'git-providers' ? <GitProvidersSection /> : <RegistriesSection />}
      </Box>
    </Page>
  );
}
