import { shuffle, type Random } from '../ports.ts';

/**
 * A channel's rotation through the eligible entries: a shuffled order, no entry twice until every
 * eligible entry has been posted, then a new shuffled cycle. Pure functions over a small state that
 * the store persists as it is.
 *
 * It survives knowledge changes without a reset:
 * - an entry removed from the knowledge (or no longer matching the topic) is dropped from the queue;
 * - an entry added mid-cycle is slotted into the queue at a random place (it was not posted yet);
 * - an entry posted this cycle stays in `posted` and is not shown again until the next cycle.
 */
export interface RotationState {
  /** 1 for the first cycle, +1 each time the rotation starts over. */
  readonly cycle: number;
  /** Entry ids still to post this cycle, in posting order. */
  readonly queue: readonly string[];
  /** Entry ids already posted this cycle, oldest first. */
  readonly posted: readonly string[];
}

export interface RotationPick {
  readonly entryId: string;
  readonly state: RotationState;
}

/**
 * The next entry to post and the rotation after posting it; undefined if nothing is eligible.
 * `eligible` is the current list of eligible entry ids (sorted for reproducible shuffles).
 */
export function nextInRotation(
  state: RotationState | undefined,
  eligible: readonly string[],
  random: Random,
): RotationPick | undefined {
  const ids = [...new Set(eligible)].sort();
  if (ids.length === 0) return undefined;

  let current = reconcile(state, ids, random);
  if (current.queue.length === 0) {
    // Every eligible entry has been posted this cycle: start a new shuffled one. Avoid opening the
    // new cycle with the entry that closed the old one (it would be posted two days in a row).
    const last = current.posted.at(-1);
    const order = shuffle(ids, random);
    if (order.length > 1 && order[0] === last) {
      const j = 1 + Math.floor(random.next() * (order.length - 1));
      [order[0], order[j]] = [order[j] as string, order[0] as string];
    }
    current = { cycle: current.cycle + 1, queue: order, posted: [] };
  }

  const [entryId, ...rest] = current.queue as [string, ...string[]];
  return { entryId, state: { cycle: current.cycle, queue: rest, posted: [...current.posted, entryId] } };
}

/** How many eligible entries are still to come before the rotation repeats (all of them when a new cycle is due). */
export function remainingInRotation(state: RotationState | undefined, eligible: readonly string[]): number {
  const ids = new Set(eligible);
  if (state === undefined) return ids.size;
  const posted = new Set(state.posted);
  const left = [...ids].filter((id) => !posted.has(id)).length;
  return left === 0 ? ids.size : left;
}

/** The state with the queue brought in line with `eligible` (sorted, unique ids). */
function reconcile(state: RotationState | undefined, eligible: readonly string[], random: Random): RotationState {
  if (state === undefined) return { cycle: 1, queue: shuffle(eligible, random), posted: [] };
  const allowed = new Set(eligible);
  const posted = new Set(state.posted);
  const queued = new Set<string>();
  const queue: string[] = [];
  for (const id of state.queue) {
    if (allowed.has(id) && !posted.has(id) && !queued.has(id)) {
      queue.push(id);
      queued.add(id);
    }
  }
  for (const id of eligible) {
    if (posted.has(id) || queued.has(id)) continue;
    queue.splice(Math.floor(random.next() * (queue.length + 1)), 0, id);
    queued.add(id);
  }
  return { cycle: state.cycle, queue, posted: state.posted };
}
