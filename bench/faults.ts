/**
 * `npm run bench -- faults`: the fault and load suite. Its own PostgreSQL server (never the
 * shared one), the bot as a child process against the fake Discord and Slack, and simulated
 * users rating through the API (with Idempotency-Key), Discord (/rate) and Slack (/reelmate
 * rate), one rating every 1-2 s each, while the database is restarted (pg_ctl -m fast and
 * -m immediate), its postmaster killed with -9 and started again, and the bot itself killed
 * with -9 and started again. Then: every acknowledged rating must be in the ratings table
 * and the event log, and a burst of simultaneous recommendations measures the deadlines.
 *
 * FAULTS_USERS (default 200), FAULTS_DB_RESTARTS (default 10) and FAULTS_GAP_MS (steady
 * load between faults, default 6000) size the run.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { ApiKeysRepository } from '../src/db/repositories/api-keys.js';
import { snowflake, type FakeUser } from '../tests/helpers/fake-discord/index.js';
import { postSigned, slashCommand } from '../tests/helpers/fake-slack/index.js';
import { pgServerUnavailable } from '../tests/helpers/pg-server.js';
import { Rig, SLACK_SECRET } from './faults-rig.js';
import { percentile, type BenchTable } from './table.js';

type Platform = 'api' | 'discord' | 'slack';
interface Ack {
  platform: Platform;
  user: string;
  movieId: number;
  stars: number;
}
interface Movie {
  id: number;
  title: string;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};

class Stats {
  readonly acks: Ack[] = [];
  readonly attempts: Record<Platform, number> = { api: 0, discord: 0, slack: 0 };
  readonly failures: Record<Platform, number> = { api: 0, discord: 0, slack: 0 };
  /** ms until the platform's acknowledgement (API: the answer; Discord: the interaction callback; Slack: the HTTP 200). */
  readonly ackMs: Record<Platform, number[]> = { api: [], discord: [], slack: [] };
  /** ms until the rating was confirmed to the person (Discord: edited answer; Slack: response_url). */
  readonly doneMs: Record<Platform, number[]> = { api: [], discord: [], slack: [] };
  discordLate = 0;
  /** Discord interactions never acknowledged, and how many of them fell while the bot was down. */
  discordUnacked = 0;
  discordUnackedBotDown = 0;
  /** Chat ratings answered plainly with "try again" (the database was away). */
  chatRefusals = 0;
  problems500 = 0;
}

export async function run(): Promise<BenchTable[]> {
  const why = pgServerUnavailable();
  if (why) {
    return [{ title: 'Fault and load suite', columns: ['skipped'], rows: [[`no PostgreSQL server binaries here: ${why}`]] }];
  }
  const USERS = num('FAULTS_USERS', 200);
  const RESTARTS = num('FAULTS_DB_RESTARTS', 10);
  const GAP_MS = num('FAULTS_GAP_MS', 6000);
  const rig = await Rig.create();
  const started = Date.now();
  try {
    process.stderr.write('faults: starting the bot (first start imports MovieLens and trains)...\n');
    await rig.startBot();
    const database = await openDatabase({ url: rig.pg.url, migrate: false, maxConnections: 2 });
    const { key } = await new ApiKeysRepository(database.db).create('faults', ['read', 'write'], { platform: 'api:soak' });
    const movies = await database.rows<{ id: number; title: string }>(sql`
      SELECT m.id, m.title FROM movies m JOIN (SELECT movie_id, count(*) AS n FROM ratings GROUP BY movie_id) r ON r.movie_id = m.id
      WHERE m.title ~ '^[A-Za-z][A-Za-z ,:.''-]+ \\(\\d{4}\\)$' ORDER BY r.n DESC, m.id LIMIT 400`);
    await database.close();

    const stats = new Stats();
    let running = true;
    let botDown = false;
    const apiUsers = Math.round(USERS / 2);
    const chatUsers = Math.floor((USERS - apiUsers) / 2);
    const loops: Promise<void>[] = [];
    for (let i = 0; i < apiUsers; i++) loops.push(apiUser(rig, key, i, movies, stats, () => running));
    for (let i = 0; i < chatUsers; i++)
      loops.push(
        discordUser(
          rig,
          i,
          movies,
          stats,
          () => running,
          () => botDown,
        ),
      );
    for (let i = 0; i < chatUsers; i++) loops.push(slackUser(rig, i, movies, stats, () => running));

    // Faults, each after a stretch of steady load, each waited out (database and bot ready).
    const plan: string[] = [];
    const kinds = ['pg_ctl restart -m fast', 'pg_ctl restart -m immediate', 'kill -9 postmaster, start'];
    for (let i = 0; i < RESTARTS; i++) {
      plan.push(kinds[i % kinds.length]!);
      if (i === Math.floor(RESTARTS / 2)) plan.push('kill -9 the bot, start');
    }
    const faultLog: (string | number)[][] = [];
    for (const fault of plan) {
      await pause(GAP_MS);
      const t0 = Date.now();
      if (fault.startsWith('pg_ctl restart -m fast')) await rig.pg.restart('fast');
      else if (fault.startsWith('pg_ctl restart -m immediate')) await rig.pg.restart('immediate');
      else if (fault.startsWith('kill -9 postmaster')) {
        await rig.pg.killPostmaster();
        await rig.pg.start();
      } else {
        botDown = true;
        await rig.killBot();
        botDown = false;
      }
      const upMs = Date.now() - t0;
      while (!(await rig.ready())) await pause(100);
      faultLog.push([fault, upMs, Date.now() - t0]);
      process.stderr.write(`faults: ${fault} (${Date.now() - t0} ms to ready)\n`);
    }
    await pause(GAP_MS);
    running = false;
    await Promise.all(loops);

    const burst = await burstTable(rig, key, movies);
    const check = await verify(rig, stats);
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
    const q = (xs: number[], p: number) =>
      xs.length
        ? Math.round(
            percentile(
              [...xs].sort((a, b) => a - b),
              p,
            ),
          )
        : '-';
    return [
      {
        title: `Fault and load suite: ${USERS} users, ${RESTARTS} database restarts, 1 bot kill (${Math.round((Date.now() - started) / 1000)} s; load ${load})`,
        columns: ['what', 'value', 'goal'],
        rows: [
          ['acknowledged ratings', stats.acks.length, ''],
          [
            '  of which API / Discord / Slack',
            `${stats.acks.filter((a) => a.platform === 'api').length} / ${stats.acks.filter((a) => a.platform === 'discord').length} / ${stats.acks.filter((a) => a.platform === 'slack').length}`,
            '',
          ],
          [
            'attempts that were not acknowledged (API / Discord / Slack)',
            `${stats.failures.api} / ${stats.failures.discord} / ${stats.failures.slack}`,
            'answered plainly, retried by the user',
          ],
          ['ratings in the table (these users)', check.inTable, ''],
          ['rating events in the log (these users)', check.events, ''],
          ['acknowledged but lost (missing or different in the table)', check.lost, '0'],
          ['acknowledged but missing from the event log', check.missingEvents, '0'],
          ['unplanned bot exits', rig.unplannedExits.length, '0'],
          ['deliberate bot kills', rig.deliberateKills, ''],
          ['API writes answered 500 (not a 503 problem)', stats.problems500, '0'],
          ['chat ratings answered "try again" (database away)', stats.chatRefusals, ''],
          ['Discord acknowledgements over 3 s', stats.discordLate, '0'],
          [
            'Discord interactions never acknowledged (while the bot was down)',
            `${stats.discordUnacked} (${stats.discordUnackedBotDown})`,
            'only while it was down',
          ],
          ...(['api', 'discord', 'slack'] as const).map((p) => [
            `${p}: ack p50 / p99 ms; confirmed p50 / p99 ms`,
            `${q(stats.ackMs[p], 50)} / ${q(stats.ackMs[p], 99)}; ${q(stats.doneMs[p], 50)} / ${q(stats.doneMs[p], 99)}`,
            '',
          ]),
        ],
        notes: [
          ...rig.unplannedExits.map(
            (e) => `unplanned exit code ${e.code} signal ${e.signal}: ${e.tail.slice(-3).join(' | ').slice(0, 400)}`,
          ),
          'Acknowledged = the platform told the person it was stored (API 200; Discord/Slack "You rated ..."); lost = acknowledged, yet not in the ratings table with those stars.',
        ],
      },
      {
        title: 'Faults (ms to the database up; ms until the bot answers /readyz again)',
        columns: ['fault', 'ms up', 'ms ready'],
        rows: faultLog,
      },
      burst,
    ];
  } finally {
    await rig.close();
  }
}

async function apiUser(rig: Rig, key: string, i: number, movies: Movie[], stats: Stats, running: () => boolean): Promise<void> {
  const headers = { 'x-api-key': key, 'content-type': 'application/json' };
  let id: number | undefined;
  for (let n = 0; running(); n++) {
    await pause(1000 + ((i * 37 + n * 101) % 1000));
    try {
      if (id === undefined) {
        const res = await fetch(`${rig.apiUrl}/v1/users`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ platform: 'api:soak', externalId: `u${i}` }),
          signal: AbortSignal.timeout(30_000),
        });
        if (res.status === 200 || res.status === 201) id = ((await res.json()) as { id: number }).id;
        continue;
      }
      const movie = movies[(i * 7 + n) % movies.length]!;
      const stars = 1 + ((i + n) % 9) / 2;
      stats.attempts.api++;
      const t0 = performance.now();
      // The same key for every retry of this rating: a retry never rates twice.
      const res = await fetch(`${rig.apiUrl}/v1/users/${id}/ratings/${movie.id}`, {
        method: 'PUT',
        headers: { ...headers, 'idempotency-key': `faults-${i}-${n}` },
        body: JSON.stringify({ rating: stars }),
        signal: AbortSignal.timeout(30_000),
      });
      const ms = performance.now() - t0;
      if (res.status === 200) {
        stats.acks.push({ platform: 'api', user: `u${i}`, movieId: movie.id, stars });
        stats.ackMs.api.push(ms);
        stats.doneMs.api.push(ms);
      } else {
        stats.failures.api++;
        if (res.status === 500) stats.problems500++;
      }
      await res.body?.cancel();
    } catch {
      stats.failures.api++;
    }
  }
}

async function discordUser(
  rig: Rig,
  i: number,
  movies: Movie[],
  stats: Stats,
  running: () => boolean,
  botDown: () => boolean,
): Promise<void> {
  const user: FakeUser = { id: snowflake(), username: `d${i}`, globalName: `D${i}` };
  const fake = rig.discord;
  for (let n = 0; running(); n++) {
    await pause(1000 + ((i * 53 + n * 97) % 1000));
    const movie = movies[(i * 11 + n + 200) % movies.length]!;
    const stars = 1 + ((i + 2 * n) % 9) / 2;
    stats.attempts.discord++;
    const downAtStart = botDown();
    const id = fake.command(user, 'rate', [
      { name: 'title', type: 3, value: movie.title },
      { name: 'stars', type: 10, value: stars },
    ]);
    const t0 = Date.now();
    try {
      const answer = await fake.waitFor(
        () =>
          fake
            .callsFor(id)
            .find(
              (c) =>
                !c.path.endsWith('/callback') &&
                /You rated|Changed your rating|try again|unavailable|went wrong/.test(JSON.stringify(c.body)),
            ),
        30_000,
        'an answer',
      );
      const ack = fake.ackDelay(id);
      if (ack !== undefined) {
        stats.ackMs.discord.push(ack);
        if (ack > 3000) stats.discordLate++;
      }
      const text = JSON.stringify(answer.body);
      if (/You rated|Changed your rating/.test(text)) {
        stats.acks.push({ platform: 'discord', user: user.id, movieId: movie.id, stars });
        stats.doneMs.discord.push(Date.now() - t0);
      } else {
        stats.failures.discord++;
        if (/try again|unavailable/.test(text)) stats.chatRefusals++;
      }
    } catch {
      stats.failures.discord++;
      if (fake.ackDelay(id) === undefined) {
        stats.discordUnacked++;
        if (downAtStart || botDown()) stats.discordUnackedBotDown++;
      }
    }
  }
}

async function slackUser(rig: Rig, i: number, movies: Movie[], stats: Stats, running: () => boolean): Promise<void> {
  const fake = rig.slack;
  for (let n = 0; running(); n++) {
    await pause(1000 + ((i * 29 + n * 89) % 1000));
    const movie = movies[(i * 13 + n + 100) % movies.length]!;
    const stars = 1 + ((i + 3 * n) % 9) / 2;
    const tag = `s${i}-${n}`;
    stats.attempts.slack++;
    const t0 = performance.now();
    try {
      const res = await postSigned(
        rig.slackEvents,
        slashCommand({ team: 'T1', user: `US${i}`, text: `rate ${movie.title} ${stars}`, responseUrl: fake.responseUrl(tag) }),
        { secret: SLACK_SECRET },
      );
      stats.ackMs.slack.push(performance.now() - t0);
      if (res.status !== 200) {
        stats.failures.slack++;
        continue;
      }
      const [reply] = await fake.waitFor(() => fake.responsesTo(tag).length > 0 && fake.responsesTo(tag), 30_000, 'an answer');
      const text = JSON.stringify(reply!.body);
      if (/You rated|Changed your rating/.test(text)) {
        stats.acks.push({ platform: 'slack', user: `T1:US${i}`, movieId: movie.id, stars });
        stats.doneMs.slack.push(performance.now() - t0);
      } else {
        stats.failures.slack++;
        if (/try again|unavailable/.test(text)) stats.chatRefusals++;
      }
    } catch {
      stats.failures.slack++;
    }
  }
}

/** Every acknowledged rating against the ratings table and the event log. */
async function verify(rig: Rig, stats: Stats): Promise<{ inTable: number; events: number; lost: number; missingEvents: number }> {
  const database = await openDatabase({ url: rig.pg.url, migrate: false, maxConnections: 1 });
  try {
    const rows = await database.rows<{ platform: string; external_id: string; movie_id: number; rating: number }>(sql`
      SELECT u.platform, u.external_id, r.movie_id, r.rating FROM ratings r JOIN users u ON u.id = r.user_id
      WHERE u.platform IN ('api:soak', 'discord', 'slack')`);
    const events = await database.rows<{ platform: string; external_id: string; movie_id: number; rating: number | null }>(sql`
      SELECT u.platform, u.external_id, e.movie_id, e.rating FROM rating_events e JOIN users u ON u.id = e.user_id
      WHERE u.platform IN ('api:soak', 'discord', 'slack')`);
    const platformOf = (p: Platform) => (p === 'api' ? 'api:soak' : p);
    const table = new Map(rows.map((r) => [`${r.platform}|${r.external_id}|${r.movie_id}`, Number(r.rating)]));
    const logged = new Set(events.map((e) => `${e.platform}|${e.external_id}|${e.movie_id}|${Number(e.rating)}`));
    // The last acknowledged stars per (user, movie) must be what the table holds.
    const last = new Map<string, Ack>();
    for (const a of stats.acks) last.set(`${platformOf(a.platform)}|${a.user}|${a.movieId}`, a);
    let lost = 0;
    for (const [k, a] of last) if (table.get(k) !== a.stars) lost++;
    let missingEvents = 0;
    for (const a of stats.acks) if (!logged.has(`${platformOf(a.platform)}|${a.user}|${a.movieId}|${a.stars}`)) missingEvents++;
    return { inTable: rows.length, events: events.length, lost, missingEvents };
  } finally {
    await database.close();
  }
}

/** 50 simultaneous recommendations on Discord and on Slack, no faults: the deadlines. */
async function burstTable(rig: Rig, _key: string, _movies: Movie[]): Promise<BenchTable> {
  const N = num('FAULTS_BURST', 50);
  const discord = rig.discord;
  const users = Array.from({ length: N }, (_, i): FakeUser => ({ id: snowflake(), username: `b${i}`, globalName: `B${i}` }));
  const t0 = Date.now();
  const ids = users.map((u, i) =>
    discord.command(u, 'recommend', [
      { name: 'query', type: 3, value: i % 2 ? 'something funny from the 90s' : 'a scary movie, under 2 hours' },
    ]),
  );
  const finals: number[] = [];
  await Promise.all(
    ids.map(async (id) => {
      try {
        await discord.waitFor(
          () => discord.callsFor(id).some((c) => c.method === 'PATCH' && JSON.stringify(c.body).includes('embeds')),
          60_000,
          'cards',
        );
        finals.push(Date.now() - t0);
      } catch {
        // counted below as not answered
      }
    }),
  );
  const acks = ids.map((id) => discord.ackDelay(id) ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const slack = rig.slack;
  const slackAcks: number[] = [];
  const slackFinals: number[] = [];
  await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const tag = `burst-${i}`;
      const s0 = performance.now();
      const res = await postSigned(
        rig.slackEvents,
        slashCommand({
          team: 'T1',
          user: `UB${i}`,
          text: i % 2 ? 'something funny from the 90s' : 'a scary movie, under 2 hours',
          responseUrl: slack.responseUrl(tag),
        }),
        { secret: SLACK_SECRET },
      );
      if (res.status === 200) slackAcks.push(performance.now() - s0);
      try {
        await slack.waitFor(() => slack.responsesTo(tag).length > 0, 60_000, 'cards');
        slackFinals.push(performance.now() - s0);
      } catch {
        // not answered
      }
    }),
  );
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const p = (xs: number[], q: number) => (xs.length ? Math.round(percentile(sorted(xs), q)) : '-');
  return {
    title: `${N} simultaneous /recommend on Discord, then on Slack (no faults; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')})`,
    columns: ['platform', 'acknowledged', 'ack p50 ms', 'ack p99 ms', 'acks over 3 s', 'cards p50 ms', 'cards p99 ms', 'goal'],
    rows: [
      [
        'Discord',
        acks.filter(Number.isFinite).length,
        p(acks.filter(Number.isFinite), 50),
        p(acks.filter(Number.isFinite), 99),
        acks.filter((a) => a > 3000).length,
        p(finals, 50),
        p(finals, 99),
        '0 acks over 3 s; cards p99 < 1.5 s',
      ],
      [
        'Slack',
        slackAcks.length,
        p(slackAcks, 50),
        p(slackAcks, 99),
        slackAcks.filter((a) => a > 3000).length,
        p(slackFinals, 50),
        p(slackFinals, 99),
        'ack p99 < 300 ms',
      ],
    ],
    notes: [
      "Scoring runs on worker threads (see `npm run bench -- engine`); the bot process also serves the API and both fake platforms' traffic here.",
    ],
  };
}
