import { TokenUsage } from '@gatehouse/providers-core';

/** Integer micro-dollars per million tokens, so that every cost is exact integer arithmetic. */
export interface DeploymentPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export class PriceBook {
  constructor(private readonly prices: ReadonlyMap<string, DeploymentPrice>) {}

  /** Cost in micro-dollars, rounded half up once, at the end. */
  costMicroUsd(deploymentId: string | undefined, usage: TokenUsage): number {
    const price = deploymentId ? this.prices.get(deploymentId) : undefined;
    if (!price) return 0;
    const scaled = usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion;
    return Math.round(scaled / 1_000_000);
  }
}
