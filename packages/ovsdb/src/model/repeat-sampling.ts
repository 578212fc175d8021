// A column whose values rarely repeat (a pod's IP, a per-row id, a switch's subnet) is looked up
// only in one window of SAMPLE values out of SKIP_WINDOWS + 1: a lookup that misses costs CPU and
// saves nothing. Shared by the string interner and the repeated small values.
const SAMPLE = 1024;
const MIN_HITS = SAMPLE / 8;
const SKIP_WINDOWS = 7;

/** Per column: whether to look the next value up, from how often recent lookups found a repeat. */
export class RepeatSampling {
  private looked = 0;
  private hits = 0;
  private skip = 0;

  /** True while the column is skipped (each call uses up one skipped value). */
  skipping(): boolean {
    if (this.skip === 0) return false;
    this.skip--;
    return true;
  }

  /** Counts one lookup; after SAMPLE of them with fewer than one in eight `hit`, skips a while. */
  count(hit: boolean): void {
    if (hit) this.hits++;
    if (++this.looked < SAMPLE) return;
    if (this.hits < MIN_HITS) this.skip = SKIP_WINDOWS * SAMPLE;
    this.looked = 0;
    this.hits = 0;
  }
}
