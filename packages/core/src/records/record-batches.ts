/**
 * Adapters between a stream of records and a stream of record arrays. The runtime moves
 * records in arrays (a decoded chunk, a batch of output) so it pays one await per array; a
 * stage's own code sees one record at a time.
 */

/** Each record as an array of its own, for a per-record source the runtime reads in arrays. */
export async function* singleBatches<T>(records: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const record of records) yield [record];
}

/** The records of each array in turn. */
export async function* flattenBatches<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}
