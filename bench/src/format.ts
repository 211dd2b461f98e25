/** How figures read in the tables: a missing measurement as n/a, a figure that does not apply as —. */
const figure =
  (digits: number, suffix = '') =>
  (value: number | undefined): string =>
    value === undefined ? '—' : Number.isFinite(value) ? `${value.toFixed(digits)}${suffix}` : 'n/a';

export const ms = figure(3);
export const rps = figure(0);
export const mib = figure(1);
export const ratio = figure(2, '×');
/** CPU milliseconds per request: two decimals show a tenth of a millisecond and its neighbours. */
export const cpuMs = figure(2);

export interface Column {
  title: string;
  numeric?: boolean;
}

export function markdownTable(columns: Column[], rows: string[][]): string {
  return [
    `| ${columns.map((column) => column.title).join(' | ')} |`,
    `| ${columns.map((column) => (column.numeric ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
