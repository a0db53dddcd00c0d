/**
 * The JSON value in a text, or undefined when the text is empty or not JSON. Step Functions
 * carries every input, output and parameter as JSON text.
 */
export function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON object from text, or undefined when the text is not one. */
export function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  const value = parseJson(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
