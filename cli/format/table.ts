// Plain-text tables and key/value blocks: columns padded to the widest cell, no borders to copy around.

export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** `label: value` lines with the labels aligned; undefined values are left out. */
export function renderFields(fields: readonly (readonly [string, string | undefined])[]): string {
  const shown = fields.filter((field): field is readonly [string, string] => field[1] !== undefined);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return `${shown.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n')}\n`;
}

export function formatTags(tags: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(tags ?? {});
  return entries.length === 0 ? '-' : entries.map(([key, value]) => `${key}=${value}`).join(',');
}

export function formatList(items: readonly string[] | undefined): string {
  return items === undefined || items.length === 0 ? '-' : items.join(',');
}

/** `2024-05-01T10:00:00.000Z` -> `2024-05-01 10:00:00Z`: readable, still exact to the second. */
export function formatTime(iso: string | undefined | null): string {
  if (iso === undefined || iso === null) return '-';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
