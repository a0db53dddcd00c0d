import { CeapError } from '@ceap/core';

/** A construct or app prop that cannot deploy. The message names the prop and what was expected. */
export class InfraPropsError extends CeapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfraPropsError';
  }
}
