import { AsyncQueue } from '../../src/records/async-queue.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('AsyncQueue.whenBelow', () => {
  it('waits until the consumer has taken enough items', async () => {
    // Arrange
    const queue = new AsyncQueue<number>();
    for (let n = 0; n < 5; n++) queue.push(n);
    let released = false;
    void queue.whenBelow(3).then(() => {
      released = true;
    });
    const consumer = queue[Symbol.asyncIterator]();
    // Act / Assert
    await consumer.next();
    await consumer.next();
    await flush();
    expect(queue.backlog).toBe(3);
    expect(released).toBe(false);
    await consumer.next();
    await flush();
    expect(released).toBe(true);
  });

  it('releases a waiting producer when the queue fails or its consumer stops', async () => {
    // Arrange
    const failing = new AsyncQueue<number>();
    const abandoned = new AsyncQueue<number>();
    for (const queue of [failing, abandoned]) for (let n = 0; n < 4; n++) queue.push(n);
    const waits = [failing.whenBelow(1), abandoned.whenBelow(1)];
    const consumer = abandoned[Symbol.asyncIterator]();
    await consumer.next();
    // Act
    failing.fail(new Error('upload failed'));
    await consumer.return(undefined);
    // Assert
    await expect(Promise.all(waits)).resolves.toEqual([undefined, undefined]);
    await expect(abandoned.whenBelow(1)).resolves.toBeUndefined();
  });
});
