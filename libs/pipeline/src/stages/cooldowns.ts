/**
 * Deployments no front should choose for now, as the router announced them (control.v1
 * `deployment.cooldown`). Held in memory: every replica hears every announcement, and a restarted
 * replica that missed one sends a deployment at most one more failure before hearing the next.
 */
export class Cooldowns {
  private readonly until = new Map<string, number>();

  coolDown(deploymentId: string, untilMs: number): void {
    this.until.set(deploymentId, Math.max(untilMs, this.until.get(deploymentId) ?? 0));
  }

  /** When the deployment may be chosen again, or undefined if it may be now. */
  coolingUntil(deploymentId: string, nowMs: number): number | undefined {
    const until = this.until.get(deploymentId);
    if (until === undefined) return undefined;
    if (until > nowMs) return until;
    this.until.delete(deploymentId);
    return undefined;
  }
}
