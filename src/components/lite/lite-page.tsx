import { useRef, type ReactNode } from 'react';
import { useFocusOnArrival } from '@/lib/use-focus-on-arrival';

type LitePageProps = { title: string; documentTitle: string; children?: ReactNode };

/**
 * A page shown before the app shell loads (no MUI: see lite.css): a centred card with the
 * page's single h1.
 */
export function LitePage({ title, documentTitle, children }: LitePageProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(headingRef);
  return (
    <main className="pm-page">
      <title>{documentTitle}</title>
      <div className="pm-card">
        <h1 ref={headingRef} tabIndex={-1} className="pm-title">
          {title}
        </h1>
        {children}
      </div>
    </main>
  );
}

/** A spinner with a name, so a screen reader says what is loading. */
export function LiteSpinner({ label }: { label: string }) {
  return <span className="pm-spinner" role="progressbar" aria-label={label} />;
}
