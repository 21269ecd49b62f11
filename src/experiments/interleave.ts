/**
 * Team-draft interleaving (Radlinski, Kurup and Joachims 2008): two rankers take turns, the one
 * with fewer picks so far (a coin flip when even) adding its best film not yet in the list;
 * each film remembers the team that put it there. A click credits that team; per list, the team
 * with more credited clicks wins. Pure (the coin comes from the caller).
 */
import { signTest } from './stats.js';

export type Team = 'A' | 'B';

export interface Interleaved {
  items: number[];
  teams: Team[];
}

export function teamDraft(a: readonly number[], b: readonly number[], k: number, coin: () => number): Interleaved {
  const items: number[] = [];
  const teams: Team[] = [];
  const inList = new Set<number>();
  let ia = 0;
  let ib = 0;
  let countA = 0;
  let countB = 0;
  const nextOf = (list: readonly number[], from: number): number => {
    let i = from;
    while (i < list.length && inList.has(list[i]!)) i++;
    return i;
  };
  while (items.length < k) {
    ia = nextOf(a, ia);
    ib = nextOf(b, ib);
    const aLeft = ia < a.length;
    const bLeft = ib < b.length;
    if (!aLeft && !bLeft) break;
    const aTurn = !bLeft || (aLeft && (countA < countB || (countA === countB && coin() < 0.5)));
    const item = aTurn ? a[ia]! : b[ib]!;
    items.push(item);
    teams.push(aTurn ? 'A' : 'B');
    inList.add(item);
    if (aTurn) countA++;
    else countB++;
  }
  return { items, teams };
}

/** Which team won one list, from the teams of the clicked films. */
export function creditOf(clickedTeams: readonly Team[]): Team | 'tie' {
  let a = 0;
  let b = 0;
  for (const t of clickedTeams)
    if (t === 'A') a++;
    else b++;
  return a > b ? 'A' : b > a ? 'B' : 'tie';
}

export interface InterleavingResult {
  winsA: number;
  winsB: number;
  ties: number;
  /** (winsB - winsA) / (winsA + winsB + ties): positive when B is preferred (Chapelle et al. 2012's Δ). */
  delta: number;
  pValue: number;
}

/** Credit analysis over many lists: wins, ties, the preference Δ and a sign test on the wins. */
export function interleavingAnalysis(outcomes: readonly (Team | 'tie')[]): InterleavingResult {
  let winsA = 0;
  let winsB = 0;
  let ties = 0;
  for (const o of outcomes) {
    if (o === 'A') winsA++;
    else if (o === 'B') winsB++;
    else ties++;
  }
  const total = winsA + winsB + ties;
  return { winsA, winsB, ties, delta: total > 0 ? (winsB - winsA) / total : 0, pValue: signTest(winsA, winsB) };
}
