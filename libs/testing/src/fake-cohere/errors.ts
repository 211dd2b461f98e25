import { randomUUID } from 'node:crypto';

/** Cohere's error answer: a status and `{id, message}` (https://docs.cohere.com/reference/errors). */
export class CohereApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): { id: string; message: string } {
    return { id: randomUUID(), message: this.message };
  }
}

export const CONTEXT_OVERFLOW_MESSAGE =
  'too many tokens: total number of tokens in the prompt cannot exceed 128000 - received 131072. Try using a shorter prompt, or enabling prompt truncating.';

/** The error Cohere sends for each status the `status` knob can force. */
export function forcedCohereError(status: number, retryAfterSeconds: number): CohereApiError {
  switch (status) {
    case 401:
      return new CohereApiError(401, 'invalid api token');
    case 402:
      return new CohereApiError(402, 'Please add or update your payment method to continue.');
    case 404:
      return new CohereApiError(
        404,
        'model not found, make sure the correct model ID was used and that you have access',
      );
    case 429:
      return new CohereApiError(
        429,
        'You are using a Trial key, which is limited to 20 API calls / minute. Please try again later.',
        { 'retry-after': String(retryAfterSeconds) },
      );
    case 499:
      return new CohereApiError(499, 'request cancelled');
    case 500:
      return new CohereApiError(500, 'internal server error, this has been reported to our developers');
    case 503:
      return new CohereApiError(503, 'service unavailable');
    default:
      return new CohereApiError(status, `error ${status} forced by the fake Cohere server`);
  }
}
