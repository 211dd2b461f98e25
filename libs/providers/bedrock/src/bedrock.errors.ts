import { ErrorKind, GatewayFailure } from '@gatehouse/errors';
import type { AwsErrorLike, ConverseStreamOutput } from './bedrock.types';

interface ExceptionSpec {
  kind: ErrorKind;
  status: number;
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors */
const BY_NAME: Record<string, ExceptionSpec> = {
  ValidationException: { kind: 'bad_request', status: 400 },
  AccessDeniedException: { kind: 'permission_denied', status: 403 },
  UnrecognizedClientException: { kind: 'authentication', status: 403 },
  InvalidSignatureException: { kind: 'authentication', status: 403 },
  ExpiredTokenException: { kind: 'authentication', status: 403 },
  ExpiredToken: { kind: 'authentication', status: 403 },
  ResourceNotFoundException: { kind: 'not_found', status: 404 },
  ThrottlingException: { kind: 'rate_limited', status: 429 },
  ServiceQuotaExceededException: { kind: 'rate_limited', status: 400 },
  ModelTimeoutException: { kind: 'timeout', status: 408 },
  ModelErrorException: { kind: 'upstream', status: 424 },
  ModelStreamErrorException: { kind: 'unavailable', status: 424 },
  ModelNotReadyException: { kind: 'unavailable', status: 429 },
  ServiceUnavailableException: { kind: 'unavailable', status: 503 },
  InternalServerException: { kind: 'upstream', status: 500 },
};

// Bedrock reports an over-long prompt as a plain ValidationException; its wording is the only signal.
const CONTEXT_WINDOW = /too long|input is too long|max(imum)? tokens|context (window|length)|prompt is too long/i;

/** An AWS SDK exception (thrown by send() or while iterating a stream) → the gateway's failure. */
export function fromBedrockError(error: unknown): GatewayFailure {
  if (error instanceof GatewayFailure) return error;
  const aws = asAwsError(error);
  const spec = BY_NAME[aws.name];
  if (!spec && aws.$metadata?.httpStatusCode === undefined) return transportFailure(aws, error);
  const status = aws.$metadata?.httpStatusCode ?? spec?.status ?? (aws.$fault === 'client' ? 400 : 500);
  const upstreamMessage = aws.message.slice(0, 2000);
  let kind: ErrorKind = spec?.kind ?? (status >= 500 ? 'upstream' : 'bad_request');
  if (aws.name === 'ValidationException' && CONTEXT_WINDOW.test(upstreamMessage)) kind = 'context_window_exceeded';
  const message =
    status >= 500 ? `upstream returned ${status}${upstreamMessage ? `: ${upstreamMessage}` : ''}` : upstreamMessage;
  return new GatewayFailure(kind, message || `Bedrock ${aws.name}`, {
    code: kind === 'context_window_exceeded' ? 'context_length_exceeded' : aws.name,
    upstreamStatus: status,
  });
}

/** Network-level failures, described without the endpoint (which may name private infrastructure). */
function transportFailure(aws: AwsErrorLike, error: unknown): GatewayFailure {
  if (aws.name === 'AbortError') return new GatewayFailure('timeout', 'upstream call was cancelled');
  if (aws.name === 'TimeoutError') return new GatewayFailure('timeout', 'upstream did not answer in time');
  const code = (error as { code?: unknown }).code;
  return new GatewayFailure('upstream', `upstream unreachable${typeof code === 'string' ? ` (${code})` : ''}`);
}

const STREAM_EXCEPTIONS = [
  ['internalServerException', 'InternalServerException'],
  ['modelStreamErrorException', 'ModelStreamErrorException'],
  ['serviceUnavailableException', 'ServiceUnavailableException'],
  ['throttlingException', 'ThrottlingException'],
  ['validationException', 'ValidationException'],
] as const;

/** An exception member of the ConverseStream union, when the SDK hands it over as an event. */
export function fromConverseStreamException(event: ConverseStreamOutput): GatewayFailure | undefined {
  for (const [member, name] of STREAM_EXCEPTIONS) {
    const exception = event[member];
    if (exception) return fromBedrockError({ name, message: exception.message ?? '' });
  }
  return undefined;
}

function asAwsError(error: unknown): AwsErrorLike {
  if (typeof error === 'object' && error !== null) {
    const candidate = error as Partial<AwsErrorLike>;
    return {
      name: typeof candidate.name === 'string' ? candidate.name : 'Error',
      message: typeof candidate.message === 'string' ? candidate.message : '',
      $metadata: candidate.$metadata,
      $fault: candidate.$fault,
    };
  }
  return { name: 'Error', message: String(error) };
}
