/**
 * A horizontal grouped bar chart as a standalone SVG string, written by hand so the benchmarks need no
 * chart library. One group per row label (say "1000 types"), one bar per series (say a contender), each
 * series in the same colour in every group; an optional dashed line marks a target. Bars beyond
 * `maxValue` are cut at the edge (their label still tells the value), so one outlier does not flatten the rest.
 */

const PALETTE = ['#1f6feb', '#d1242f', '#8250df', '#1a7f37', '#bf8700', '#57606a', '#0a7b83', '#e16f24', '#6e7781'];
const WIDTH = 960;
/** Rough width of one character at 12 px, to fit the longest series label. */
const CHAR_WIDTH = 6.6;
const VALUE_WIDTH = 130;
const GROUP_LABEL_HEIGHT = 18;
const BAR_HEIGHT = 16;
const BAR_GAP = 4;
const GROUP_GAP = 14;
const TOP = 48;

/**
 * @param {{
 *   title: string,
 *   groups: Array<{ label: string, bars: Array<{ series: string, value: number, label?: string }> }>,
 *   format: (value: number) => string,
 *   reference?: { value: number, label: string },
 *   maxValue?: number,
 * }} chart
 */
export function svgBarChart({ title, groups, format, reference, maxValue = Infinity }) {
  const series = [...new Set(groups.flatMap((group) => group.bars.map((bar) => bar.series)))];
  const colourOf = (name) => PALETTE[series.indexOf(name) % PALETTE.length];
  const labelWidth = Math.max(120, Math.ceil(16 + CHAR_WIDTH * Math.max(...series.map((name) => name.length))));
  const largest = Math.min(maxValue, Math.max(reference?.value ?? 0, ...groups.flatMap((group) => group.bars.map((bar) => bar.value))));
  const plotWidth = WIDTH - labelWidth - VALUE_WIDTH;
  const scale = (value) => (largest > 0 ? (Math.min(largest, Math.max(0, value)) / largest) * plotWidth : 0);

  const parts = [];
  let y = TOP;
  for (const group of groups) {
    parts.push(text(8, y + 12, group.label, 'bold'));
    y += GROUP_LABEL_HEIGHT;
    for (const bar of group.bars) {
      const width = scale(bar.value);
      parts.push(text(labelWidth - 8, y + 12, bar.series, 'normal', 'end'));
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${colourOf(bar.series)}"/>`);
      const clipped = bar.label === undefined && bar.value > largest ? ' (off scale)' : '';
      parts.push(text(labelWidth + width + 6, y + 12, `${bar.label ?? format(bar.value)}${clipped}`));
      y += BAR_HEIGHT + BAR_GAP;
    }
    y += GROUP_GAP;
  }
  const height = y + 10;
  if (reference !== undefined) {
    const x = labelWidth + scale(reference.value);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${TOP - 6}" x2="${x.toFixed(1)}" y2="${height - 14}" stroke="#24292f" stroke-dasharray="4 3"/>`);
    parts.push(text(x, TOP - 10, reference.label, 'normal', 'middle'));
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(8, 20, title, 'bold', 'start', 15),
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function text(x, y, content, weight = 'normal', anchor = 'start', size = 12) {
  return `<text x="${typeof x === 'number' ? x.toFixed(1) : x}" y="${y}" font-weight="${weight}" text-anchor="${anchor}" font-size="${size}" fill="#24292f">${escapeXml(content)}</text>`;
}

function escapeXml(value) {
  return String(value).replace(/[<>&"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char]);
}
