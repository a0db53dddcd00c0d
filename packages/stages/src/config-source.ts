import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError } from '@ceap/core';
import type * as z from 'zod/mini';

/**
 * Reads a JSON setting that is either inline JSON (it starts with `{`) or a path to a JSON
 * file, and returns the parsed value. Every failure names the variable.
 */
export function readJsonSetting(variable: string, value: string): unknown {
  const text = value.trim();
  if (text.startsWith('{') || text.startsWith('[')) return parseJson(variable, text, 'inline JSON');
  const path = resolve(text);
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigurationError(
      `${variable}: cannot read file "${path}" (${code}); set it to a JSON file path or inline JSON`,
      {
        cause: error,
      },
    );
  }
  return parseJson(variable, content, `file "${path}"`);
}

/** True when an environment variable is unset or blank, so the built-in default applies. */
export function isUnset(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}

/** Validates a value with a zod schema; an error names the variable and the field at fault. */
export function parseSetting<T extends z.ZodMiniType>(
  variable: string,
  schema: T,
  value: unknown,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map(describeIssue);
  throw new ConfigurationError(`${variable}: ${issues.join('; ')}`, { cause: result.error });
}

function parseJson(variable: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(
      `${variable}: ${what} is not valid JSON (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  switch (issue.code) {
    case 'invalid_type':
      return `${path} must be ${article(issue.expected)}`;
    case 'unrecognized_keys':
      return `${path === '(root)' ? '' : `${path} `}has unknown ${issue.keys.length > 1 ? 'keys' : 'key'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`.trimStart();
    default:
      return `${path} ${issue.message}`;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
