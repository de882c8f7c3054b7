import { useNavigate } from 'react-router';
import { Page } from '@/components/page';
import { toast } from '@/components/toast-store';
import { pipelinePath } from '@/config/paths';
import { PipelineList } from '@/features/pipelines/components/pipeline-list';
import { useMe } from '@/entities/me/api/get-me';

// Until the signed-in person is known; the server refuses a turned-off source in any case.
const ALL_SOURCES = { inline: true, git: true, url: true };

/**
 * The Pipelines screen, the first after sign-in (P-6.1, P-2.9): the pipelines the person may
 * read. It has a size budget (scripts/size-check.ts): its dialogs load when first opened.
 */
export function Component() {
  // The shell loaded the signed-in person before showing any screen.
  const { data: me } = useMe();
  const navigate = useNavigate();
  return (
    <Page title="Pipelines">
      <PipelineList
        isAdministrator={me?.level === 'administrator'}
        sourceSwitches={me?.account.pipelineSources ?? ALL_SOURCES}
        onCreated={(pipeline) => {
          const name = `${pipeline.project}/${pipeline.name}`;
          // P-2.6: create implies nothing else; without read the new pipeline is out of sight.
          if (pipeline.privileges.includes('read')) {
            toast.success(`Pipeline ${name} created`);
            void navigate(pipelinePath(pipeline.id));
          } else {
            toast.success(
              `Pipeline ${name} created. The rules of your teams do not let you see it; an administrator can.`,
            );
          }
        }}
      />
    </Page>
  );
}
