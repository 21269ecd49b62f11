/**
 * The admin dashboard as one server-rendered HTML page, pure: the data in, the page out.
 */
import type { Counts, ModelVersionRow } from '../../src/db/repositories/dashboard.js';
import type { OnlineMetricsRow } from '../../src/db/repositories/online-metrics.js';
import type { ExperimentReport } from '../../src/experiments/analysis.js';
import type { LoggedError } from '../../src/insights/recent-errors.js';
import type { RecorderStats } from '../../src/insights/recorder.js';
import { lineChart } from './chart.js';

export interface ExperimentView {
  name: string;
  mode: string;
  variants: { name: string; share: number }[];
  state: 'running' | 'scheduled' | 'stopped';
  startsAt: Date;
  report: (ExperimentReport & { name: string }) | null;
}

export interface DashboardData {
  now: Date;
  windowDays: number;
  serving: { version: number | null; algorithm: string };
  versions: ModelVersionRow[];
  counts: Counts;
  summary: OnlineMetricsRow[];
  daily: { day: Date; modelVersion: number | null; impressions: number; positiveRate: number; clickRate: number }[];
  firstRating: { newUsers: number; rated: number; medianSeconds: number | null };
  experiments: ExperimentView[];
  errors: LoggedError[];
  recorder?: RecorderStats | undefined;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const fix = (x: number | null | undefined, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const int = (n: number) => n.toLocaleString('en');
const day = (d: Date) => d.toISOString().slice(0, 10);

function table(head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];

function charts(d: DashboardData): string {
  const byVersion = new Map<string, DashboardData['daily']>();
  for (const r of d.daily) {
    const k = r.modelVersion === null ? 'no model' : `model v${r.modelVersion}`;
    byVersion.set(k, [...(byVersion.get(k) ?? []), r]);
  }
  const xLabel = (x: number) => day(new Date(x));
  const series = (f: (r: DashboardData['daily'][number]) => number) =>
    [...byVersion.entries()].map(([label, rows], i) => ({
      label,
      color: COLORS[i % COLORS.length]!,
      points: rows.map((r) => ({ x: r.day.getTime(), y: f(r) })),
    }));
  const charts: [string, string][] = [
    [
      'Positive-feedback rate per day',
      lineChart(
        series((r) => r.positiveRate),
        { title: 'Positive-feedback rate per day', yLabel: (y) => `${(100 * y).toFixed(0)}%`, xLabel },
      ),
    ],
    [
      'Click-through per day',
      lineChart(
        series((r) => r.clickRate),
        { title: 'Click-through per day', yLabel: (y) => `${(100 * y).toFixed(0)}%`, xLabel },
      ),
    ],
    [
      'Impressions per day',
      lineChart(
        series((r) => r.impressions),
        { title: 'Impressions per day', yLabel: (y) => int(Math.round(y)), xLabel },
      ),
    ],
  ];
  return `<div class="charts">${charts.map(([title, svg]) => `<figure><figcaption>${esc(title)}</figcaption>${svg}</figure>`).join('')}</div>`;
}

function experimentBlock(e: ExperimentView): string {
  const head = `<h3>${esc(e.name)} <span class="tag ${e.state}">${e.state}</span> <span class="muted">${esc(e.mode)}, since ${day(e.startsAt)}; ${e.variants.map((v) => `${esc(v.name)} ${Math.round(v.share * 100)}%`).join(', ')}</span></h3>`;
  if (!e.report) return `${head}<p class="empty">No impressions yet.</p>`;
  const r = e.report;
  const rows = r.variants.map((v) => [
    esc(v.name),
    int(v.users),
    int(v.impressions),
    pct(v.positive_rate),
    `${pct(v.ci[0])} – ${pct(v.ci[1])}`,
  ]);
  const verdict =
    r.p_value === null
      ? 'Not enough data for a test yet.'
      : `p = ${r.p_value.toPrecision(3)}; ${r.winner ? `<strong>${esc(r.winner)} wins</strong>` : 'no significant difference yet'}.` +
        (r.users_needed_per_variant !== null
          ? ` About ${int(r.users_needed_per_variant)} users per variant decide a difference this size.`
          : '') +
        (r.credit
          ? ` Lists won: ${Object.entries(r.credit.wins)
              .map(([k, v]) => `${esc(k)} ${v}`)
              .join(', ')}, ties ${r.credit.ties}.`
          : '');
  return `${head}${table(['variant', 'users', 'impressions', 'positive rate', '95% CI'], rows, '')}<p>${verdict}</p>`;
}

export function renderDashboard(d: DashboardData): string {
  const models = table(
    ['version', 'algorithm', 'trained', 'ratings', 'offline metrics', ''],
    d.versions.map((v) => [
      `v${v.id}`,
      esc(v.algorithm),
      esc(v.trainedAt.toISOString().slice(0, 16).replace('T', ' ')),
      int(v.ratingsCount),
      esc(
        Object.entries(v.metrics)
          .slice(0, 8)
          .map(([k, x]) => `${k} ${typeof x === 'number' ? x.toFixed(4) : String(x)}`)
          .join(' · '),
      ),
      v.active ? '<span class="tag running">serving</span>' : '',
    ]),
    'No model trained yet.',
  );
  const online = table(
    [
      'model',
      'experiment',
      'variant',
      'users',
      'impressions',
      'positive',
      'negative',
      'click-through',
      'mean ★',
      'coverage',
      'novelty (bits)',
    ],
    d.summary.map((r) => [
      r.modelVersion === null ? '–' : `v${r.modelVersion}`,
      esc(r.experiment ?? '–'),
      esc(r.variant ?? '–'),
      int(r.users),
      int(r.impressions),
      pct(r.positiveRate),
      pct(r.negativeRate),
      pct(r.clickRate),
      fix(r.meanStars),
      pct(r.coverage),
      fix(r.novelty),
    ]),
    `No recommendations shown in the last ${d.windowDays} days.`,
  );
  const running = d.experiments.filter((e) => e.state !== 'stopped');
  const errors = table(
    ['when', 'what'],
    d.errors.map((e) => [
      esc(e.at.toISOString().slice(0, 19).replace('T', ' ')),
      `${esc(e.message)}${e.detail ? `<br><span class="muted">${esc(e.detail.slice(0, 300))}</span>` : ''}`,
    ]),
    'No errors logged since the start.',
  );
  const users = d.counts.users.map((u) => `${esc(u.platform)} ${int(u.users)}`).join(' · ') || 'none';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reelmate admin</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2937;background:#f8fafc}
header{background:#111827;color:#fff;padding:12px 20px}header h1{margin:0;font-size:18px}
main{padding:16px 20px;max-width:1200px}section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}h3{font-size:14px;margin:12px 0 6px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #f0f0f0;vertical-align:top}
th{color:#4b5563;font-weight:600}.muted{color:#6b7280;font-weight:normal}.empty{color:#6b7280}
.tag{font-size:11px;padding:1px 6px;border-radius:8px;background:#e5e7eb}.tag.running{background:#dcfce7;color:#166534}.tag.scheduled{background:#fef9c3}.tag.stopped{background:#f3f4f6;color:#6b7280}
.stats{display:flex;flex-wrap:wrap;gap:24px}.stats div{min-width:120px}.stats b{display:block;font-size:20px}
figure{margin:8px 0;overflow-x:auto}figcaption{font-weight:600;font-size:13px;color:#374151}.charts{display:flex;flex-wrap:wrap;gap:8px 24px}svg{max-width:100%;height:auto}
</style></head><body>
<header><h1>Reelmate admin</h1><span class="muted">${esc(d.now.toISOString().slice(0, 16).replace('T', ' '))} UTC · serving ${d.serving.version === null ? 'no model yet' : `${esc(d.serving.algorithm)} v${d.serving.version}`}</span></header>
<main>
<section id="counts"><h2>Catalogue and users</h2><div class="stats">
<div><b>${int(d.counts.movies)}</b>films</div><div><b>${int(d.counts.ratings)}</b>ratings</div><div><b>${int(d.counts.impressions)}</b>impressions kept</div>
<div><b>${int(d.firstRating.newUsers)}</b>new users (${d.windowDays} days), ${int(d.firstRating.rated)} rated; median time to first rating ${duration(d.firstRating.medianSeconds)}</div>
</div><p class="muted">Users by platform: ${users}${d.recorder ? ` · impression log: ${int(d.recorder.written)} written, ${int(d.recorder.buffered)} waiting, ${int(d.recorder.dropped)} dropped` : ''}</p></section>
<section id="experiments"><h2>Experiments</h2>${running.length ? running.map(experimentBlock).join('') : '<p class="empty">No experiment running (`reelmate experiments create`).</p>'}</section>
<section id="online"><h2>Online metrics, last ${d.windowDays} days</h2>${online}${charts(d)}</section>
<section id="models"><h2>Model versions</h2>${models}</section>
<section id="errors"><h2>Recent errors</h2>${errors}</section>
</main></body></html>`;
}
