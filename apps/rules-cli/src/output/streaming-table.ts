/**
 * An aligned table printed a row at a time, for results that appear while work goes on (decisions during a
 * replay). Column widths are fixed up front from what is known (header titles, expected widths); a longer cell
 * pushes its row out rather than holding every row back until the end.
 */
import { visibleWidth } from './paint.ts';

export interface StreamingTable {
  header(): string;
  row(cells: readonly string[]): string;
}

export function streamingTable(
  titles: readonly string[],
  minWidths: readonly number[],
  gap = '  ',
): StreamingTable {
  const widths = titles.map((title, column) => Math.max(title.length, minWidths[column] ?? 0));
  const line = (cells: readonly string[]) =>
    `${cells
      .map((cell, column) =>
        column === cells.length - 1
          ? cell
          : cell + ' '.repeat(Math.max((widths[column] ?? 0) - visibleWidth(cell), 0)),
      )
      .join(gap)
      .trimEnd()}\n`;
  return { header: () => line(titles), row: line };
}
