/** An error as Bedrock Runtime answers it: status, `x-amzn-errortype`, and a JSON `{message}` body. */
export class BedrockError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new BedrockError(400, 'ValidationException', message);

export const FORCED: Record<number, () => BedrockError> = {
  400: () => validation('Malformed input request, please reformat your input and try again.'),
  403: () =>
    new BedrockError(403, 'AccessDeniedException', "You don't have access to the model with the specified model ID."),
  404: () =>
    new BedrockError(
      404,
      'ResourceNotFoundException',
      'Could not resolve the foundation model from the model identifier.',
    ),
  408: () => new BedrockError(408, 'ModelTimeoutException', 'Model has timed out in processing the request.'),
  424: () => new BedrockError(424, 'ModelErrorException', 'The model returned an error.'),
  429: () => new BedrockError(429, 'ThrottlingException', 'Too many requests, please wait before trying again.'),
  500: () => new BedrockError(500, 'InternalServerException', 'The server encountered an internal error.'),
  503: () => new BedrockError(503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.'),
};

export const contextOverflow = () => validation('Input is too long for requested model.');
