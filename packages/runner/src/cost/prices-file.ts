import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PricesFileError } from '../errors.js';
import { parseDecimal } from './decimal.js';
import { DEFAULT_PRICES, type PriceTable } from './price-table.js';

/** A price: a decimal of 0 or more, as a JSON string (exact) or number. */
const price = z
  .union([z.string(), z.number()], { error: 'must be a decimal number, e.g. "0.000025"' })
  .refine((value) => parseDecimal(value) !== undefined, {
    error: 'must be a decimal number of 0 or more, e.g. "0.000025"',
  })
  .transform((value) => String(value));

const lambdaPrices = z.strictObject({ perRequest: price, perGbSecond: price }).partial();

/* Every field optional, unknown ones refused: a misspelt price is not silently ignored. */
const pricesShape = z
  .strictObject({
    asOf: z.string({ error: 'must be a date, e.g. "2026-11-29"' }),
    region: z.string({ error: 'must be a region, e.g. "us-east-1"' }),
    currency: z.string({ error: 'must be a currency code, e.g. "USD"' }),
    stepFunctions: z
      .strictObject({
        standardPerTransition: price,
        expressPerRequest: price,
        expressPerGbSecond: price,
      })
      .partial(),
    lambda: z.strictObject({ arm64: lambdaPrices, x86_64: lambdaPrices }).partial(),
    glue: z.strictObject({ perDpuHour: price }).partial(),
    mwaa: z
      .strictObject({
        environmentClass: z.string({ error: 'must be an environment class, e.g. "mw1.small"' }),
        environmentPerHour: price,
        additionalSchedulerPerHour: price,
        additionalWorkerPerHour: price,
        hoursPerMonth: price,
        includedSchedulers: price,
        includedWorkers: price,
      })
      .partial(),
  })
  .partial();

type PricesOverride = z.infer<typeof pricesShape>;

/** Where the prices came from: the files applied over the built-in table, in order. */
export interface LoadedPrices {
  readonly table: PriceTable;
  readonly files: readonly string[];
}

/**
 * The built-in table with `CEAP_PRICES` and then `--prices FILE` applied over it, each a JSON
 * object of the table's shape (any subset of it). A file that is missing, not JSON, or has an
 * unknown or invalid field is a {@link PricesFileError} naming the file and the field.
 */
export async function loadPrices(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedPrices> {
  const files = [env.CEAP_PRICES?.trim() || undefined, file].filter(
    (name): name is string => name !== undefined,
  );
  let table: PriceTable = DEFAULT_PRICES;
  for (const name of files) table = applyOverride(table, await readOverride(name));
  return { table, files };
}

async function readOverride(file: string): Promise<PricesOverride> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PricesFileError(file, `cannot be read (${code})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PricesFileError(file, `is not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = pricesShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    const field =
      issue?.code === 'unrecognized_keys'
        ? [path, issue.keys[0]].filter(Boolean).join('.')
        : path || '(the whole file)';
    const message = issue?.code === 'unrecognized_keys' ? 'is not a known price' : issue?.message;
    throw new PricesFileError(file, `field ${field} ${message ?? 'is invalid'}`);
  }
  return parsed.data;
}

function applyOverride(table: PriceTable, override: PricesOverride): PriceTable {
  return {
    asOf: override.asOf ?? table.asOf,
    region: override.region ?? table.region,
    currency: override.currency ?? table.currency,
    stepFunctions: { ...table.stepFunctions, ...override.stepFunctions },
    lambda: {
      arm64: { ...table.lambda.arm64, ...override.lambda?.arm64 },
      x86_64: { ...table.lambda.x86_64, ...override.lambda?.x86_64 },
    },
    glue: { ...table.glue, ...override.glue },
    mwaa: { ...table.mwaa, ...override.mwaa },
  };
}
