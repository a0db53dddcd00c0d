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

describe('AsyncQueue.batches', () => {
  it('hands out what has been pushed in arrays of at most the given size, in order', async () => {
    // Arrange
    const queue = new AsyncQueue<number>();
    for (let n = 0; n < 7; n++) queue.push(n);
    const batches = queue.batches(3);
    // Act
    const first = await batches.next();
    const second = await batches.next();
    const third = await batches.next();
    queue.push(7);
    queue.close();
    const rest: number[][] = [];
    for await (const batch of batches) rest.push(batch);
    // Assert
    expect([first.value, second.value, third.value]).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(rest).toEqual([[7]]);
    expect(queue.backlog).toBe(0);
  });

  it('releases a producer waiting for room once an array is taken', async () => {
    // Arrange
    const queue = new AsyncQueue<number>();
    for (let n = 0; n < 10; n++) queue.push(n);
    let released = false;
    void queue.whenBelow(5).then(() => {
      released = true;
    });
    const batches = queue.batches(8);
    // Act
    await batches.next();
    await flush();
    // Assert
    expect(queue.backlog).toBe(2);
    expect(released).toBe(true);
  });

  it('throws the failure to the consumer', async () => {
    // Arrange
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.fail(new Error('upstream failed'));
    // Act
    const taking = queue.batches(8).next();
    // Assert
    await expect(taking).rejects.toThrow('upstream failed');
  });
});
