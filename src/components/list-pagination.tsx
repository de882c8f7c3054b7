import FirstPageIcon from '@mui/icons-material/FirstPage';
import KeyboardArrowLeftIcon from '@mui/icons-material/KeyboardArrowLeft';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import LastPageIcon from '@mui/icons-material/LastPage';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

type ListPaginationProps = {
  /** How many items the whole list has. */
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
  pageSizes: readonly number[];
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
};

type Move = { label: string; to: number; icon: ReactNode };

/**
 * Below a paged list: rows per page (a native select), which rows are shown ("21–40 of 6,112"),
 * and buttons to the first, previous, next and last page, named for screen readers and with a
 * tooltip. MUI's TablePagination does the same with a Select menu and Tooltips, which cost the
 * first screen after sign-in about 14 kB gzip (docs/decisions.md, "Lists in the console").
 */
export function ListPagination({
  total,
  page,
  pageSize,
  pageSizes,
  onPageChange,
  onPageSizeChange,
}: ListPaginationProps) {
  const sizeId = useId();
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const moves: Move[] = [
    { label: 'Go to first page', to: 1, icon: <FirstPageIcon /> },
    { label: 'Go to previous page', to: page - 1, icon: <KeyboardArrowLeftIcon /> },
    { label: 'Go to next page', to: page + 1, icon: <KeyboardArrowRightIcon /> },
    { label: 'Go to last page', to: lastPage, icon: <LastPageIcon /> },
  ];

  // A button that just became disabled (Next on reaching the last page) would drop the focus
  // to the page's start: hand it to the nearest button that still works, as MUI does.
  const buttonsRef = useRef<HTMLDivElement>(null);
  const focusedRef = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    const focused = focusedRef.current;
    const buttons = [...(buttonsRef.current?.querySelectorAll('button') ?? [])];
    const button = focused === undefined ? undefined : buttons[focused];
    if (!button?.disabled) return;
    focusedRef.current = undefined;
    const active = document.activeElement;
    if (active && active !== button && active !== document.body) return;
    const order = [...buttons.slice(focused! + 1), ...buttons.slice(0, focused).reverse()];
    order.find((candidate) => !candidate.disabled)?.focus();
  });

  return (
    <Box
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        justifyContent: 'flex-end',
        columnGap: 3,
        minHeight: 52,
        // As TablePagination: the last button lines up with the table's right edge.
        pl: 2,
        pr: '2px',
        typography: 'body2',
      }}
    >
      {pageSizes.length > 1 && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <label htmlFor={sizeId}>Rows per page:</label>
          <Box
            component="select"
            id={sizeId}
            value={pageSize}
            onChange={(event) => onPageSizeChange(Number(event.target.value))}
            sx={{
              font: 'inherit',
              color: 'inherit',
              bgcolor: 'transparent',
              border: 1,
              borderColor: 'divider',
              borderRadius: 1,
              py: 0.5,
              px: 0.5,
              cursor: 'pointer',
              '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: 1 },
              // The open list of a native select takes its colours from the options.
              '& option': { bgcolor: 'background.paper', color: 'text.primary' },
            }}
          >
            {pageSizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </Box>
        </Box>
      )}
      <Box component="p" sx={{ m: 0 }}>
        {`${from.toLocaleString()}–${to.toLocaleString()} of ${total.toLocaleString()}`}
      </Box>
      <Box ref={buttonsRef} sx={{ display: 'flex' }}>
        {moves.map((move, index) => (
          <IconButton
            key={move.label}
            onFocus={() => {
              focusedRef.current = index;
            }}
            color="inherit"
            aria-label={move.label}
            title={move.label}
            disabled={move.to < 1 || move.to > lastPage || move.to === page}
            onClick={() => onPageChange(move.to)}
          >
            {move.icon}
          </IconButton>
        ))}
      </Box>
    </Box>
  );
}
