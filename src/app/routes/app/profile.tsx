import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import { Page } from '@/components/page';
import { LoadingState } from '@/components/states';
import { useMe } from '@/entities/me/api/get-me';
import { ApiTokensSection } from '@/features/profile/components/api-tokens-section';
import { ChangePasswordForm } from '@/features/profile/components/change-password-form';
import { NotificationSettings } from '@/features/profile/components/notification-settings';
import { ProfileDetails } from '@/features/profile/components/profile-details';
import { SessionsSection } from '@/features/profile/components/sessions-section';

export function Component() {
  // The shell loaded the signed-in person before showing any screen.
  const { data: me } = useMe();
  return (
    <Page title="Profile">
      {me ? (
        <Stack spacing={4} divider={<Divider flexItem />} sx={{ maxWidth: 960 }}>
          <ProfileDetails me={me} />
          <ChangePasswordForm />
          <NotificationSettings settings={me.notifications} />
          <SessionsSection />
          <ApiTokensSection administrator={me.level === 'administrator'} />
        </Stack>
      ) : (
        <LoadingState label="Loading your profile" />
      )}
    </Page>
  );
}
