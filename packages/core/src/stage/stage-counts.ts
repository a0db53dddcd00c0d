import { FatalStageError } from '../errors.js';

/** Tallies records through a stage so that in = out + rejected + filtered can be checked. */
export class StageCounts {
  received = 0;
  rejected = 0;
  filtered = 0;
  readonly filteredBy: Record<string, number> = {};
  readonly rejectedBy: Record<string, number> = {};

  reject(reason: string): void {
    this.rejected++;
    this.rejectedBy[reason] = (this.rejectedBy[reason] ?? 0) + 1;
  }

  filter(reason: string, count = 1): void {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new FatalStageError(
        `filter("${reason}", ${count}): count must be a whole number of at least 0`,
      );
    }
    if (count === 0) return;
    this.filtered += count;
    this.filteredBy[reason] = (this.filteredBy[reason] ?? 0) + count;
  }

  assertBalanced(stage: string, written: number): void {
    const accounted = written + this.rejected + this.filtered;
    if (this.received !== accounted) {
      throw new FatalStageError(
        `${stage} lost track of records: ${this.received} in, but ${written} out + ${this.rejected} rejected + ${this.filtered} filtered = ${accounted}`,
      );
    }
  }
}
