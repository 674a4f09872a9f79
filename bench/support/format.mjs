/** Number formatting shared by the tables, so every table reads the same way. */

export const ratio = (value) => `${value.toFixed(2)}x`;

export const integer = (value) => Math.round(value).toLocaleString('en-US');

export const kilobytes = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

export const seconds = (ms) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);

/** A GitHub-flavoured Markdown table: `columns` are header strings, `rows` arrays of cells. */
export function markdownTable(columns, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}
