import { GatewayConfig } from '@gatehouse/config';
import { ModelDirectory } from './model-directory';
import { PriceBook } from './price-book';

export function modelDirectoryFrom(config: GatewayConfig): ModelDirectory {
  return new ModelDirectory(
    config.deployments.map((d) => d.modelName),
    Math.floor(Date.now() / 1000),
  );
}

/**
 * Each deployment's price from config, else the built-in table, else 0; `unpriced()` names the
 * last kind so start-up can warn.
 */
export function priceBookFrom(config: GatewayConfig): PriceBook {
  return PriceBook.fromDeployments(config.deployments);
}
