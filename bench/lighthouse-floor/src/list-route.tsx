import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';

type Row = { id: string; name: string; project: string; tags: string[]; updatedAt: string };

/** A 20-row table from a static JSON file, fetched with react-query. */
export function Component() {
  const { data } = useQuery({
    queryKey: ['rows'],
    queryFn: async (): Promise<{ items: Row[]; total: number }> => {
      const response = await fetch('/api/rows.json');
      if (!response.ok) throw new Error(`GET /api/rows.json: ${response.status}`);
      return (await response.json()) as { items: Row[]; total: number };
    },
  });
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Pipelines
      </Typography>
      <TableContainer component={Paper}>
        <Table size="small" aria-label="Pipelines">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Project</TableCell>
              <TableCell>Tags</TableCell>
              <TableCell>Updated</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(data?.items ?? []).map((row) => (
              <TableRow key={row.id}>
                <TableCell>{row.name}</TableCell>
                <TableCell>{row.project}</TableCell>
                <TableCell>{row.tags.join(', ')}</TableCell>
                <TableCell>{new Date(row.updatedAt).toLocaleDateString('en')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
