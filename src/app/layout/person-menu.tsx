import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import IconButton from '@mui/material/IconButton';
import { lazy, Suspense, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { toast } from '@/components/toast-store';
import { paths } from '@/config/paths';
import { useLogout } from '@/features/auth/api/logout';
import { errorMessage } from '@/lib/api/api-error';

// MUI's Menu (popover, modal, focus trap, transitions) loads when the menu is first opened: the
// shell is on the first screen after sign-in, which has a size budget (scripts/size-check.ts).
const PersonMenuList = lazy(() =>
  import('./person-menu-list').then((module) => ({ default: module.PersonMenuList })),
);

/** The signed-in person's menu: their profile, and signing out. */
export function PersonMenu() {
  const menuId = useId();
  const buttonId = useId();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // Once opened, the menu stays mounted, so that it can play its closing transition.
  const [wanted, setWanted] = useState(false);
  const navigate = useNavigate();
  const signOut = useLogout();
  const open = anchor !== null;

  const goToProfile = () => {
    setAnchor(null);
    void navigate(paths.profile);
  };

  const signOutNow = () => {
    setAnchor(null);
    signOut.mutate(undefined, {
      onSuccess: () => void navigate(paths.signIn, { replace: true }),
      onError: (error) => toast.error(`You are still signed in: ${errorMessage(error)}`),
    });
  };

  return (
    <>
      <IconButton
        id={buttonId}
        color="inherit"
        aria-label="Account menu"
        aria-haspopup="menu"
        aria-controls={open ? menuId : undefined}
        aria-expanded={open ? 'true' : undefined}
        onClick={(event) => {
          setWanted(true);
          setAnchor(event.currentTarget);
        }}
      >
        <AccountCircleIcon />
      </IconButton>
      {wanted && (
        <Suspense fallback={null}>
          <PersonMenuList
            id={menuId}
            buttonId={buttonId}
            anchorEl={anchor}
            onClose={() => setAnchor(null)}
            onProfile={goToProfile}
            onSignOut={signOutNow}
            signingOut={signOut.isPending}
          />
        </Suspense>
      )}
    </>
  );
}
