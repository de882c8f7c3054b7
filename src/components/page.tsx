import Typography, { type TypographyProps } from '@mui/material/Typography';
import { useRef, type ReactNode } from 'react';
import { useFocusOnArrival } from '@/lib/use-focus-on-arrival';

type PageProps = {
  /** The page's one h1, and the document title. */
  title: string;
  headingVariant?: TypographyProps['variant'];
  children?: ReactNode;
};

/** A screen of the app shell: the document title and its single h1. */
export function Page({ title, headingVariant = 'h4', children }: PageProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(headingRef);
  return (
    <>
      <title>{`${title} · Perimeter`}</title>
      <Typography
        ref={headingRef}
        variant={headingVariant}
        component="h1"
        tabIndex={-1}
        sx={{ mb: 3, '&:focus': { outline: 'none' } }}
      >
        {title}
      </Typography>
      {children}
    </>
  );
}
