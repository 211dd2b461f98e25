import { GatewayConfig } from '@gatehouse/config';
import { ModelDirectory } from './model-directory';
import { DeploymentPrice, PriceBook } from './price-book';

export function modelDirectoryFrom(config: GatewayConfig): ModelDirectory {
  return new ModelDirectory(
    config.deployments.map((d) => d.modelName),
    Math.floor(Date.now() / 1000),
  );
}

export function priceBookFrom(config: GatewayConfig): PriceBook {
  const prices = new Map<string, DeploymentPrice>();
  for (const { id, pricing } of config.deployments) {
    prices.set(id, {
      inputPerMillion: pricing.inputPerMillionTokens ?? 0,
      outputPerMillion: pricing.outputPerMillionTokens ?? 0,
    });
  }
  return new PriceBook(prices);
}
