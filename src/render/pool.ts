import { availableParallelism } from 'node:os';

/**
 * How many helm renders run at once by default: one more than the CPUs. This process's own work
 * (reading each output) comes in bursts, so with one render per CPU a core idles whenever it
 * waits; `lint` of the 11 charts in ../shared/charts on 2 cores is about 9% faster with 3
 * (npm run bench, P2). bin/prestart.js starts as many.
 */
export function defaultConcurrency(): number {
  return availableParallelism() + 1;
}

// Bounded parallelism that keeps input order. On a failure no new work starts, the work
// already running finishes, and the failure of the earliest item is thrown: items start
// in order, so every item before the earliest failure has run, and the error reported
// does not depend on timing.

export async function mapInOrder<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures = new Map<number, unknown>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && failures.size === 0) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (err) {
        failures.set(index, err);
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
  return results;
}
