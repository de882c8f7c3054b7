import Box from '@mui/material/Box';
import { Fragment } from 'react';

/**
 * A URL or host name that wraps where a reader expects (after a `/`, before a `.` or `:`), not
 * every few characters: `overflow-wrap: anywhere` let a narrow table column shrink to one
 * letter. A part longer than its column still breaks rather than overflow (`break-word` does
 * not make the column narrower, unlike `anywhere`).
 */
export function AddressText({ children }: { children: string }) {
  const parts = children.split(/(?<=\/)|(?=[.:])/);
  return (
    <Box component="span" sx={{ fontFamily: 'monospace', overflowWrap: 'break-word' }}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </Box>
  );
}
