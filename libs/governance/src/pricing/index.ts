export { BUILTIN_PRICES_AS_OF, lookupBuiltinPrice } from './builtin-prices';
export { builtinPriceKey } from './builtin-price-key';
export type { ModelPrice } from './model-price';
export {
  MEDIA_URL_ALLOWANCE_TOKENS,
  PROVIDER_PREAMBLE_TOKENS,
  promptTokensUpperBound,
  reservationMicroUsd,
} from './reservation';
export type { ReservationInput } from './reservation';
