/** One column of a table: its title and which side its cells line up on. */
export interface TableColumn {
  readonly title: string;
  /** @default 'left' */
  readonly align?: 'left' | 'right';
}

/** How a table's text is styled; styling (ANSI colours) takes no width. */
export interface TableStyle {
  /** The header line. */
  readonly header?: (text: string) => string;
  /** One cell, before it is padded. */
  readonly cell?: (column: number, text: string) => string;
}

/**
 * The CLI's one table layout: a header line, then one line per row, each column as wide as
 * its widest cell, two spaces apart, with no trailing spaces. Every table the CLI prints (the
 * stage table, `list`) goes through here.
 *
 * @example
 * renderTable([{ title: 'STAGE' }, { title: 'OUT', align: 'right' }], [['ETLStage', '977']]);
 * // ['STAGE     OUT', 'ETLStage  977']
 */
export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  style: TableStyle = {},
): string[] {
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[], styleCell?: TableStyle['cell']) =>
    columns
      .map((column, i) => {
        const text = cells[i] ?? '';
        const padding = ' '.repeat((widths[i] as number) - text.length);
        const styled = styleCell ? styleCell(i, text) : text;
        return column.align === 'right' ? padding + styled : styled + padding;
      })
      .join('  ')
      .trimEnd();
  const header = line(columns.map((column) => column.title));
  return [
    style.header ? style.header(header) : header,
    ...rows.map((row) => line(row, style.cell)),
  ];
}
