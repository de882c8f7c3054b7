/**
 * CSV downloads of the administrators' lists (the audit log, rules, people): one way to write a
 * cell, a row and a streamed file, and the headers that make it a download.
 */
import type { Context } from 'hono';

/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: a value that a spreadsheet would
 * take for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) gets an
 * apostrophe in front, and a value with a comma, quote or line break is quoted.
 */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, ended by CRLF as RFC 4180 says. */
export function csvRow(cells: ReadonlyArray<string | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A CSV file produced batch by batch: the header row, then the rows of each batch `nextBatch`
 * gives, until it gives fewer than `batchSize` (so a long list is never held in memory at once).
 * `nextBatch` keeps its own place (keyset or offset paging).
 */
export function csvStream<Row>(
  header: readonly string[],
  batchSize: number,
  nextBatch: () => Promise<Row[]>,
  cellsOf: (row: Row) => ReadonlyArray<string | null | undefined>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(header)));
      }
      const rows = await nextBatch();
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map((row) => csvRow(cellsOf(row))).join('')));
      }
      if (rows.length < batchSize) controller.close();
    },
  });
}

/** Whether the request asks for CSV (`Accept: text/csv`) rather than a JSON page. */
export const wantsCsv = (c: Context) => /\btext\/csv\b/i.test(c.req.header('accept') ?? '');

/**
 * The headers of a CSV download named `perimeter-<what>-<date>.csv` (the date is the server's,
 * in UTC).
 */
export function csvDownloadHeaders(what: string, now: Date): Record<string, string> {
  const date = now.toISOString().slice(0, 10);
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="perimeter-${what}-${date}.csv"`,
  };
}
