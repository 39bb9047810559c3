// The kernel writes the xoshiro128** step out inline wherever it draws (engine.ts says why). This test ties those
// copies to the reference generator in rng.ts: one chunk's sums must equal sums of the reference stream's draws,
// taken in the order the kernel documents (step by step over each batch of 1,024 deals, each deal's draws in turn).
import { describe, expect, it } from 'vitest';
import { DealSimulator } from '../../src/simulate/engine.js';
import { compileModel } from '../../src/simulate/model.js';
import { chunkState, Xoshiro128 } from '../../src/simulate/rng.js';
import { DurationSampler } from '../../src/simulate/samplers.js';
import { makeProcess, uni } from '../analysis/make-process.js';

const BATCH = 1024;
const DEALS = 3000; // three batches, the last one partial

describe('the inline generator', () => {
  it('draws exactly the reference stream: a sampled duration and within, two tracks, a two-way transition', () => {
    // a: one sampled duration and one transition with a sampled within; b: two tracks, then won or lost by 1/2.
    const process = makeProcess({
      a: { d: uni(0, 10), next: [['b', 1, uni(0, 2)]] },
      b: { tracks: { t1: { d: uni(0, 4) }, t2: { d: uni(0, 6) } }, next: [['won', 0.5], ['lost', 0.5]] },
    });
    const model = compileModel(process, {});
    const a = model.stepIds.indexOf('a');
    const b = model.stepIds.indexOf('b');
    const [durationA, track1, track2] = [model.durationStart[a]!, model.durationStart[b]!, model.durationStart[b]! + 1];
    const withinA = model.withinBase + model.transitionStart[a]!;

    const seed = 7;
    const stats = new DealSimulator(model).runChunk(seed, 0, DEALS);

    const reference = new Xoshiro128(chunkState(seed, 0));
    const sampler = new DurationSampler(model.samplers, new Xoshiro128([1, 0, 0, 0]));
    const next = () => reference.nextU32() | 0;
    let daysA = 0;
    let waiting = 0;
    let days1 = 0;
    let days2 = 0;
    let won = 0;
    for (let start = 0; start < DEALS; start += BATCH) {
      const size = Math.min(BATCH, DEALS - start);
      for (let i = 0; i < size; i++) {
        daysA += sampler.draw(durationA, next());
        waiting += sampler.draw(withinA, next());
      }
      for (let i = 0; i < size; i++) {
        days1 += sampler.draw(track1, next());
        days2 += sampler.draw(track2, next());
        if (next() >>> 1 < 2 ** 30) won++; // the first transition's 31-bit threshold: 0.5 · 2^31
      }
    }

    const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * expected);
    close(stats.data[stats.stepDaysAt + a]!, daysA);
    close(stats.waitingDays, waiting);
    // Duration entries are indexed like samplers: `a`'s own, then b's tracks t1 and t2.
    expect(model.entryTrack.slice(track1, track2 + 1)).toEqual(['t1', 't2']);
    close(stats.data[stats.entryDaysAt + track1]!, days1);
    close(stats.data[stats.entryDaysAt + track2]!, days2);
    expect(stats.won).toBe(won);
    expect(stats.deals).toBe(DEALS);
  });
});
