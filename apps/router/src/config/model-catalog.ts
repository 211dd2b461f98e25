/** What the router needs to know of a deployment; credentials stay in provider-workers. */
export interface RoutedDeployment {
  id: string;
  modelName: string;
  provider: string;
  providerModel: string;
  weight: number;
}

/** Deployments grouped under the client-facing model names they serve. */
export class ModelCatalog {
  private readonly byModel = new Map<string, RoutedDeployment[]>();

  constructor(deployments: readonly RoutedDeployment[]) {
    for (const deployment of deployments) {
      const group = this.byModel.get(deployment.modelName) ?? [];
      group.push(deployment);
      this.byModel.set(deployment.modelName, group);
    }
  }

  deploymentsFor(model: string): readonly RoutedDeployment[] {
    return this.byModel.get(model) ?? [];
  }
}
