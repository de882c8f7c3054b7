import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useRef, useState, type ComponentType } from 'react';
import { watchActivity } from '@/lib/activity';
import { announceSessionEnded } from '@/lib/api/client';
import { browserIdleChannel, createIdleTimer, type IdleTimer } from '@/lib/idle-timer';
import { logout } from '../api/logout';
import { reportActivity } from '../api/report-activity';
import { SIGNED_OUT_BY_CHOICE } from '../signed-out-href';
import type { IdleWarningDialogProps } from './idle-warning-dialog';

type IdleTimeoutProps = { timeoutMinutes: number };

/**
 * The browser side of the idle timeout (P-3.2): watches interaction in this tab, keeps in step
 * with the person's other tabs, opens the warning 90 seconds before the deadline and, at the
 * deadline, signs every tab out to the sign-in page with the reason and the way back.
 * Loaded lazily by the shell; the warning dialog is a chunk of its own, loaded when it opens.
 */
export default function IdleTimeout({ timeoutMinutes }: IdleTimeoutProps) {
  const queryClient = useQueryClient();
  const timer = useRef<IdleTimer>(undefined);
  const signedOut = useRef(false);
  const [deadline, setDeadline] = useState<number>();
  const [Warning, setWarning] = useState<ComponentType<IdleWarningDialogProps>>();
  const timeoutMs = timeoutMinutes * 60_000;

  const leave = useEffectEvent((decidedBy: 'here' | 'elsewhere', idle: boolean) => {
    signedOut.current = true;
    // The session guard takes every tab to sign-in, whoever learnt first that the session
    // ended (this timer, or a request answered 401): one way out, with the reason.
    announceSessionEnded(idle ? 'session-idle' : SIGNED_OUT_BY_CHOICE);
    if (decidedBy === 'here') logout().catch(() => undefined);
  });
  const initialTimeoutMs = useEffectEvent(() => timeoutMs);

  useEffect(() => {
    const idleTimer = createIdleTimer({
      timeoutMs: initialTimeoutMs(),
      channel: browserIdleChannel(),
      report: reportActivity,
      onChange: (phase, at) => setDeadline(phase === 'warning' ? at : undefined),
      onSignOut: leave,
    });
    const unwatch = watchActivity({ onInteract: idleTimer.interact, onWake: idleTimer.check });
    timer.current = idleTimer;
    return () => {
      unwatch();
      idleTimer.stop();
      // Gone with the shell after signing out: nothing of the session stays in memory.
      if (signedOut.current) queryClient.clear();
    };
  }, [queryClient]);

  // An administrator changed the timeout: the next /api/me refetch brings it here.
  useEffect(() => timer.current?.setTimeoutMs(timeoutMs), [timeoutMs]);

  const warningOpen = deadline !== undefined;
  useEffect(() => {
    if (!warningOpen || Warning) return;
    // Should the chunk fail to load, the sign-out still comes at the deadline; the next
    // warning tries again.
    import('./idle-warning-dialog')
      .then((module) => setWarning(() => module.IdleWarningDialog))
      .catch(() => undefined);
  }, [warningOpen, Warning]);

  if (deadline === undefined || !Warning) return null;
  return (
    <Warning
      deadline={deadline}
      onStay={() => timer.current?.stay() ?? Promise.resolve()}
      onSignOut={() => timer.current?.signOut()}
    />
  );
}
