export { ERROR_KINDS, ErrorKind, isErrorKind, kindSpec } from './error-kinds';
export { GatewayFailure, FailureDetails, GatewayErrorWire, toWire, fromWire, asFailure } from './gateway-failure';
export { OpenAiErrorBody, openAiErrorBody } from './openai-error';
