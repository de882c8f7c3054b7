import type { ReactNode } from 'react';

/** A form's failure, announced as soon as it appears (pages built without MUI). */
export function LiteFormAlert({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="pm-alert pm-alert--error">
      <p>{children}</p>
    </div>
  );
}

type LiteSubmitButtonProps = { pending: boolean; children: ReactNode };

/** A form's submit button, disabled with a spinner while the request is on its way. */
export function LiteSubmitButton({ pending, children }: LiteSubmitButtonProps) {
  return (
    <button type="submit" className="pm-button" disabled={pending}>
      {pending && <span className="pm-spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
