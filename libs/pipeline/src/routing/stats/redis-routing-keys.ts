/**
 * Names of the routing statistics keys, all under `prefix` + `routing:`. Ids are URI-encoded so a
 * `:` in a deployment id cannot make two deployments share a key. One script touches all of them:
 * like the admission keys, they need a single Redis primary or a prefix holding a hash tag.
 */
export class RoutingKeys {
  readonly replicas: string;
  private readonly base: string;

  constructor(prefix: string) {
    this.base = `${prefix}routing:`;
    this.replicas = `${this.base}replicas`;
  }

  /** Hash of replica id -> that replica's calls in flight to the deployment. */
  inFlight(deploymentId: string): string {
    return `${this.base}inflight:${encodeURIComponent(deploymentId)}`;
  }

  /** Requests started during one fixed minute. */
  requests(deploymentId: string, minute: number): string {
    return `${this.base}req:${encodeURIComponent(deploymentId)}:${minute}`;
  }

  /** Tokens of calls finished during one fixed minute. */
  tokens(deploymentId: string, minute: number): string {
    return `${this.base}tok:${encodeURIComponent(deploymentId)}:${minute}`;
  }

  /** List of recent ms-per-output-token samples, newest first. */
  perToken(deploymentId: string): string {
    return `${this.base}lat:${encodeURIComponent(deploymentId)}`;
  }

  /** List of recent time-to-first-token samples, newest first. */
  firstToken(deploymentId: string): string {
    return `${this.base}ttft:${encodeURIComponent(deploymentId)}`;
  }
}
