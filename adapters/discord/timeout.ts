/**
 * Waiting for the core with a deadline. Interactions and mentions share it: a core call that
 * hangs must end in the friendly error, never in silence.
 */

export class CoreTimeout extends Error {
  override readonly name = 'CoreTimeout';
}

export type Settled<T> = { done: true; value: T } | { done: false };

/** Wait for `p` at most `ms`; the promise keeps running (and is awaited later) when it is slower. */
export async function within<T>(p: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([p.then((value): Settled<T> => ({ done: true, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rest of `p` after an early miss, or a CoreTimeout once the adapter stops waiting. */
export async function finish<T>(p: Promise<T>, ms: number): Promise<T> {
  const settled = await within(p, ms);
  if (!settled.done) throw new CoreTimeout(`the core did not answer within ${ms} ms`);
  return settled.value;
}
