import { attemptName, messagesExecutionName, pipeInput } from '../../src/client/pipe-send.js';

describe('the pipe shape and the names send gives', () => {
  it.each([
    ['{"records":[{"id":"a"}]}', { records: [{ id: 'a' }] }],
    ['[{"logicalDate":"2026-03-11"}]', [{ logicalDate: '2026-03-11' }]],
    ['5', 5],
    ['"quoted"', 'quoted'],
    ['hello, not JSON', 'hello, not JSON'],
    ['{"cut": ', '{"cut": '],
  ])('delivers body %j as the pipe does', (body, delivered) => {
    // Arrange / Act
    const input = pipeInput([body]);

    // Assert
    expect(input).toEqual([delivered]);
  });

  it('names a batch by its bodies: the same bodies the same name, another order another', () => {
    // Arrange
    const bodies = ['{"records":[]}', 'second'];

    // Act
    const name = messagesExecutionName('realtime', bodies);

    // Assert
    expect(name).toMatch(/^realtime-[0-9a-f]{16}$/);
    expect(messagesExecutionName('realtime', [...bodies])).toBe(name);
    expect(messagesExecutionName('realtime', [...bodies].reverse())).not.toBe(name);
    expect(messagesExecutionName('realtime', ['{"records":[]}second'])).not.toBe(name);
    expect([1, 2, 3].map((n) => attemptName(name, n))).toEqual([name, `${name}-2`, `${name}-3`]);
  });
});
