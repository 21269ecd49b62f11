/** What an import did, file by file; bad rows are counted by kind and the first few kept. */
import type { ProblemKind, RowEvent } from '../movielens-csv.js';

export type StepName = 'movies' | 'links' | 'ratings' | 'tags' | 'enrichment';

/** Rows kept in detail per file; all of them are counted. */
export const PROBLEM_DETAIL_LIMIT = 20;

export interface RowProblem {
  line: number;
  kind: ProblemKind;
  message: string;
  /** The offending line, cut to 200 characters. */
  text: string;
}

export interface FileReport {
  step: StepName;
  file: string;
  /** Data rows read (blank lines excluded), good and bad. */
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedByKind: Partial<Record<ProblemKind, number>>;
  /** The first PROBLEM_DETAIL_LIMIT rejected rows. */
  problems: RowProblem[];
  seconds: number;
}

export interface ImportSummary {
  dir: string;
  enrichFile?: string;
  files: FileReport[];
  users: { added: number; seen: number };
  seconds: number;
}

export interface ImportProgress {
  step: StepName;
  file: string;
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export class FileTally {
  readonly report: FileReport;
  private readonly started = performance.now();

  constructor(step: StepName, file: string) {
    this.report = { step, file, rows: 0, added: 0, updated: 0, unchanged: 0, rejected: 0, rejectedByKind: {}, problems: [], seconds: 0 };
  }

  reject(line: number, kind: ProblemKind, message: string, text: string): void {
    const r = this.report;
    r.rejected++;
    r.rejectedByKind[kind] = (r.rejectedByKind[kind] ?? 0) + 1;
    if (r.problems.length < PROBLEM_DETAIL_LIMIT) r.problems.push({ line, kind, message, text: text.slice(0, 200) });
  }

  /** Count a read row; returns the value when it is valid, after recording the problem otherwise. */
  take<T>(event: RowEvent<T>): T | undefined {
    this.report.rows++;
    if (event.ok) return event.value;
    this.reject(event.line, event.kind, event.message, event.text);
    return undefined;
  }

  /** Record what one batch statement did; rows it neither added nor updated were unchanged. */
  applied(batchSize: number, added: number, updated: number): void {
    this.report.added += added;
    this.report.updated += updated;
    this.report.unchanged += batchSize - added - updated;
  }

  finish(): FileReport {
    this.report.seconds = (performance.now() - this.started) / 1000;
    return this.report;
  }
}

/**
 * The summary as a table, one row per file, for a terminal:
 *
 *   step       |    rows |   added | updated | unchanged | rejected | seconds
 *   movies     |   9,742 |   9,742 |       0 |         0 |        0 |     0.6
 *
 * followed by the rejected rows kept in detail.
 */
export function formatSummaryTable(s: ImportSummary): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const head = ['step', 'rows', 'added', 'updated', 'unchanged', 'rejected', 'seconds'];
  const rows = s.files.map((f) => [f.step, n(f.rows), n(f.added), n(f.updated), n(f.unchanged), n(f.rejected), f.seconds.toFixed(1)]);
  rows.push(['users', n(s.users.seen), n(s.users.added), '', '', '', '']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)];
  for (const f of s.files) {
    for (const p of f.problems) out.push(`  ${f.file}:${p.line}: ${p.kind}: ${p.message}`);
    if (f.rejected > f.problems.length) out.push(`  ... and ${n(f.rejected - f.problems.length)} more rejected in ${f.file}`);
  }
  out.push(`imported in ${s.seconds.toFixed(1)} s`);
  return out.join('\n');
}

/** The summary as structured fields for a JSON log line (no multi-line text). */
export function summaryFields(s: ImportSummary): Record<string, unknown> {
  return {
    files: s.files.map((f) => ({
      step: f.step,
      rows: f.rows,
      added: f.added,
      updated: f.updated,
      unchanged: f.unchanged,
      rejected: f.rejected,
      rejectedByKind: f.rejectedByKind,
      seconds: Math.round(f.seconds * 1000) / 1000,
    })),
    users: s.users,
    seconds: Math.round(s.seconds * 1000) / 1000,
  };
}

/** Human-readable summary, one block per file. */
export function formatSummary(s: ImportSummary): string {
  const out: string[] = [];
  const n = (v: number) => v.toLocaleString('en-US');
  for (const f of s.files) {
    out.push(
      `${f.step.padEnd(10)} ${n(f.rows).padStart(11)} rows: ${n(f.added)} added, ${n(f.updated)} updated, ` +
        `${n(f.unchanged)} unchanged, ${n(f.rejected)} rejected  (${f.seconds.toFixed(1)} s)`,
    );
    const kinds = Object.entries(f.rejectedByKind).map(([k, v]) => `${k} ${n(v)}`);
    if (kinds.length) out.push(`           rejected by kind: ${kinds.join(', ')}`);
    for (const p of f.problems) out.push(`           ${f.file}:${p.line}: ${p.kind}: ${p.message}`);
    if (f.rejected > f.problems.length) out.push(`           ... and ${n(f.rejected - f.problems.length)} more`);
  }
  out.push(`users      ${n(s.users.seen).padStart(11)} seen: ${n(s.users.added)} added (platform movielens)`);
  out.push(`done in ${s.seconds.toFixed(1)} s`);
  return out.join('\n');
}
