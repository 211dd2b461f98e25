export { startFakeMistral, type FakeMistral, type FakeMistralOptions } from './fake-mistral';
export type { MistralErrorBody, MistralValidationDetail } from './mistral-errors';
