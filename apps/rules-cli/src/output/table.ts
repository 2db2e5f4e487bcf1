/** A plain aligned table: a header row, then rows, columns padded to the widest cell; the last column is free. */
import { visibleWidth } from './paint.ts';

export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  gap = '  ',
): string {
  const widths = header.map((title, column) =>
    Math.max(visibleWidth(title), ...rows.map((row) => visibleWidth(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - visibleWidth(cell)),
      )
      .join(gap)
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
