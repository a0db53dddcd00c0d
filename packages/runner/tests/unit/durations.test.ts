import { parseDuration } from '../../src/cli/durations.js';

describe('parseDuration (clean --older-than)', () => {
  it.each([
    ['7d', 7 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['30m', 30 * 60_000],
    ['1d', 86_400_000],
  ])('reads %s', (text, ms) => {
    // Arrange / Act
    const parsed = parseDuration(text);

    // Assert
    expect(parsed).toBe(ms);
  });

  it.each(['7', '0d', '-1d', '1.5d', '7 d', '7days', 'd', '', '7D', '1w'])('refuses %j', (text) => {
    // Arrange / Act
    const parsed = parseDuration(text);

    // Assert
    expect(parsed).toBeUndefined();
  });
});
