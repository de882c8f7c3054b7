import { create } from 'zustand';

export type ToastSeverity = 'success' | 'error';
export type Toast = { id: number; message: string; severity: ToastSeverity };

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

function show(severity: ToastSeverity, message: string) {
  useToastStore.setState((state) => ({
    toasts: [...state.toasts, { id: nextId++, message, severity }],
  }));
}

/**
 * Tells the person how an action ended. Callers of mutations own their toasts.
 *
 * @example
 * onSuccess: () => toast.success('Notification settings saved')
 */
export const toast = {
  success: (message: string) => show('success', message),
  error: (message: string) => show('error', message),
};
