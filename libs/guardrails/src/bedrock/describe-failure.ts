import { REDACTED } from '@gatehouse/config';

/**
 * A failed call's message for the usage event and logs, with every credential value cut out: SDK
 * messages name the failure (`UnrecognizedClientException: …`), but one that echoed a request part
 * must still not carry a key onward.
 */
export function describeFailure(error: unknown, secrets: readonly string[]): string {
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  const message = `${name}${error instanceof Error ? error.message : String(error)}`;
  return secrets.filter((secret) => secret !== '').reduce((text, secret) => text.split(secret).join(REDACTED), message);
}
