import { GatewayConfig } from '@gatehouse/config';
import { DeploymentPrice, deploymentPrice, UnpricedDeployment } from './pricing';

/** What every stage of the request path knows of a deployment; credentials stay with the provider invoker. */
export interface RoutedDeployment {
  readonly id: string;
  readonly modelName: string;
  readonly provider: string;
  readonly providerModel: string;
  /** simple-shuffle's weight. */
  readonly weight: number;
  readonly price: DeploymentPrice;
}

/**
 * The deployment list, prices and limits, loaded once from config.yaml into the one shape every
 * stage reads: routing picks from it, admission prices reservations on it, usage is costed with it,
 * and /v1/models lists it.
 */
export class ModelCatalog {
  private readonly byModel = new Map<string, RoutedDeployment[]>();
  private readonly byId = new Map<string, RoutedDeployment>();

  constructor(
    deployments: readonly RoutedDeployment[],
    /** Unix seconds, for /v1/models' `created`. */
    readonly createdAt: number,
    /** Deployments billed at 0 because neither config nor the built-in table prices them. */
    readonly unpriced: readonly UnpricedDeployment[] = [],
  ) {
    for (const deployment of deployments) {
      this.byId.set(deployment.id, deployment);
      const group = this.byModel.get(deployment.modelName);
      if (group) group.push(deployment);
      else this.byModel.set(deployment.modelName, [deployment]);
    }
  }

  static fromConfig(config: GatewayConfig, createdAt = Math.floor(Date.now() / 1000)): ModelCatalog {
    const unpriced: UnpricedDeployment[] = [];
    const deployments = config.deployments.map((deployment): RoutedDeployment => {
      const { price, model, missing } = deploymentPrice(deployment);
      if (missing.length > 0)
        unpriced.push({ deploymentId: deployment.id, modelName: deployment.modelName, model, missing });
      const { id, modelName, provider, providerModel } = deployment;
      return { id, modelName, provider, providerModel, weight: deployment.params.weight ?? 1, price };
    });
    return new ModelCatalog(deployments, createdAt, unpriced);
  }

  has(model: string): boolean {
    return this.byModel.has(model);
  }

  /** Client-facing model names, in config order. */
  names(): string[] {
    return [...this.byModel.keys()];
  }

  deploymentsFor(model: string): readonly RoutedDeployment[] {
    return this.byModel.get(model) ?? [];
  }

  deployment(id: string): RoutedDeployment | undefined {
    return this.byId.get(id);
  }
}
