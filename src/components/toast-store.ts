import { create } from 'zustand';

export type ToastSeverity = 'success' | 'error';
/** A button on the toast, such as "Undo". */
export type ToastAction = { label: string; onClick: () => void };
export type Toast = { id: number; message: string; severity: ToastSeverity; action?: ToastAction };

type ToastState = {
  toasts: Toast[];
  dismiss: (id: number) => void;
};

let nextId = 1;

/** The queue of short confirmations and failures shown by `<Toaster />`, one at a time. */
export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}));

function show(severity: ToastSeverity, message: string, action?: ToastAction) {
  useToastStore.setState((state) => ({
    toasts: [...state.toasts, { id: nextId++, message, severity, action }],
  }));
}

/**
 * Tells the person how an action ended. Callers of mutations own their toasts. A success may
 * carry an action, such as undoing what was just done.
 *
 * @example
 * onSuccess: () => toast.success('Notification settings saved')
 * onSuccess: () => toast.success('Grace is now an administrator', { label: 'Undo', onClick: undo })
 */
export const toast = {
  success: (message: string, action?: ToastAction) => show('success', message, action),
  error: (message: string) => show('error', message),
};
