/**
 * The prices `ceap cost` and `ceap load` use: AWS's public on-demand prices for us-east-1, as
 * read on the date in `asOf`. Each figure is a decimal string (exact; see decimal.ts). Override
 * any of them with a JSON file of the same shape, partial or whole (`--prices FILE`,
 * `CEAP_PRICES`), e.g. for another region or a negotiated rate.
 *
 * Sources, as published on that date:
 * - Step Functions: https://aws.amazon.com/step-functions/pricing/ (Standard: per state
 *   transition; Express: per request, and per GB-second of duration in tiers)
 * - Lambda: https://aws.amazon.com/lambda/pricing/ (per request, per GB-second; Arm and x86)
 * - Glue: https://aws.amazon.com/glue/pricing/ (per DPU-hour, billed per second, 1-minute
 *   minimum for Glue 2.0 and later)
 * - MWAA: https://aws.amazon.com/managed-workflows-for-apache-airflow/pricing/
 */
export const DEFAULT_PRICES = {
  asOf: '2026-11-29',
  region: 'us-east-1',
  currency: 'USD',
  stepFunctions: {
    /** $0.025 per 1,000 state transitions, after the free tier (not applied here). */
    standardPerTransition: '0.000025',
    /** $1.00 per million requests. */
    expressPerRequest: '0.000001',
    /**
     * The first duration tier (the first 1,000 GB-hours of a month, $0.06 per GB-hour). Later
     * tiers are cheaper; a cost here is the first tier's, an upper bound for larger volumes.
     */
    expressPerGbSecond: '0.00001667',
  },
  lambda: {
    /** The first tier of duration (the first 6 billion GB-seconds a month on Arm). */
    arm64: { perRequest: '0.0000002', perGbSecond: '0.0000133334' },
    x86_64: { perRequest: '0.0000002', perGbSecond: '0.0000166667' },
  },
  glue: {
    /** Spark jobs (glueetl) on Glue 2.0 or later, Standard execution class. */
    perDpuHour: '0.44',
  },
  mwaa: {
    environmentClass: 'mw1.small',
    /** The environment: its web server, its two schedulers and one worker. */
    environmentPerHour: '0.49',
    additionalSchedulerPerHour: '0.055',
    additionalWorkerPerHour: '0.055',
    /** AWS bills a month as 730 hours. */
    hoursPerMonth: '730',
    /** Schedulers and workers the environment price includes. */
    includedSchedulers: '2',
    includedWorkers: '1',
  },
} as const;

/** A price table: the shape of {@link DEFAULT_PRICES} with any decimal strings. */
export interface PriceTable {
  readonly asOf: string;
  readonly region: string;
  readonly currency: string;
  readonly stepFunctions: {
    readonly standardPerTransition: string;
    readonly expressPerRequest: string;
    readonly expressPerGbSecond: string;
  };
  readonly lambda: {
    readonly arm64: LambdaPrices;
    readonly x86_64: LambdaPrices;
  };
  readonly glue: { readonly perDpuHour: string };
  readonly mwaa: {
    readonly environmentClass: string;
    readonly environmentPerHour: string;
    readonly additionalSchedulerPerHour: string;
    readonly additionalWorkerPerHour: string;
    readonly hoursPerMonth: string;
    readonly includedSchedulers: string;
    readonly includedWorkers: string;
  };
}

/** Lambda's prices for one architecture. */
export interface LambdaPrices {
  readonly perRequest: string;
  readonly perGbSecond: string;
}

/** Lambda's architectures, as GetFunctionConfiguration names them. */
export type LambdaArchitecture = keyof PriceTable['lambda'];
