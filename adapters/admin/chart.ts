/**
 * Line charts as server-rendered SVG, pure: no script, nothing to load, readable on any
 * screen. Each series is a polyline over a shared x axis of days.
 */
export interface Series {
  label: string;
  color: string;
  points: { x: number; y: number }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function lineChart(
  series: readonly Series[],
  opts: { width?: number; height?: number; yLabel: (y: number) => string; xLabel: (x: number) => string; title: string },
): string {
  const w = opts.width ?? 540;
  const h = opts.height ?? 220;
  const pad = { l: 56, r: 12, t: 24, b: 34 };
  const all = series.flatMap((s) => s.points);
  if (all.length === 0)
    return `<svg role="img" aria-label="${esc(opts.title)}: no data yet" width="${w}" height="60" viewBox="0 0 ${w} 60"><text x="8" y="34" fill="#666">${esc(opts.title)}: no data yet</text></svg>`;
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  // one day of data: centre it in a three-day frame rather than squeeze the axis to nothing
  const single = Math.max(...xs) === Math.min(...xs);
  const x0 = single ? Math.min(...xs) - 86_400_000 : Math.min(...xs);
  const x1 = single ? Math.max(...xs) + 86_400_000 : Math.max(...xs);
  const y0 = 0;
  const y1 = Math.max(...ys) > 0 ? Math.max(...ys) * 1.1 : 1;
  const px = (x: number) => pad.l + ((x - x0) / (x1 - x0)) * (w - pad.l - pad.r);
  const py = (y: number) => h - pad.b - ((y - y0) / (y1 - y0)) * (h - pad.t - pad.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => y0 + f * (y1 - y0));
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${pad.l}" x2="${w - pad.r}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="#e3e3e3"/><text x="${pad.l - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#555">${esc(opts.yLabel(t))}</text>`,
    )
    .join('');
  const xTicks = (single ? [(x0 + x1) / 2] : [x0, (x0 + x1) / 2, x1])
    .map((x) => {
      const anchor = x === x0 ? 'start' : x === x1 ? 'end' : 'middle';
      return `<text x="${px(x).toFixed(1)}" y="${h - 12}" text-anchor="${anchor}" font-size="11" fill="#555">${esc(opts.xLabel(x))}</text>`;
    })
    .join('');
  const lines = series
    .map((s) => {
      const pts = [...s.points].sort((a, b) => a.x - b.x);
      const path = pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
      const dots = pts.map((p) => `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="2.5" fill="${s.color}"/>`).join('');
      return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${path}"/>${dots}`;
    })
    .join('');
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${pad.l + i * 150}" y="6" width="10" height="10" fill="${s.color}"/><text x="${pad.l + i * 150 + 14}" y="15" font-size="12">${esc(s.label)}</text>`,
    )
    .join('');
  return `<svg role="img" aria-label="${esc(opts.title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" xmlns="http://www.w3.org/2000/svg">${grid}${xTicks}${lines}${legend}</svg>`;
}
