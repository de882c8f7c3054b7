import { lazy, Suspense } from 'react';
import { useToastStore } from './toast-store';

// Snackbar and Alert load with the first toast: no screen needs them to appear.
const ToastView = lazy(() => import('./toast-view').then((m) => ({ default: m.ToastView })));

/** Shows the oldest queued toast; the next one appears when it closes. */
export function Toaster() {
  const current = useToastStore((state) => state.toasts[0]);
  const dismiss = useToastStore((state) => state.dismiss);
  if (!current) return null;
  return (
    <Suspense fallback={null}>
      <ToastView key={current.id} toast={current} onClose={() => dismiss(current.id)} />
    </Suspense>
  );
}
