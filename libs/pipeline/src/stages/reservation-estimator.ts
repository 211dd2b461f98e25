import { promptTokensUpperBound, reservationMicroUsd } from '@gatehouse/governance';
import { ChatRequest } from '@gatehouse/providers-core';
import { RoutedDeployment } from '../catalog/model-catalog';
import { GovernanceSettings } from '../settings';

/**
 * What a call may cost at most, reserved against budgets before it runs, on the deployment chosen to
 * serve it: its prompt bound at that deployment's input price and its whole output allowance at its
 * output price, capped by the configured ceiling so a call without max_tokens is not refused for its
 * theoretical worst case.
 */
export class ReservationEstimator {
  constructor(private readonly settings: GovernanceSettings) {}

  forChat(request: ChatRequest, bodyBytes: Buffer, deployment: RoutedDeployment): number {
    const perChoice = request.max_completion_tokens ?? request.max_tokens ?? deployment.price.maxOutputTokens;
    const choices = typeof request.n === 'number' && request.n > 1 ? request.n : 1;
    return this.reserve(bodyBytes, perChoice * choices, deployment);
  }

  forEmbedding(bodyBytes: Buffer, deployment: RoutedDeployment): number {
    return this.reserve(bodyBytes, 0, deployment);
  }

  private reserve(bodyBytes: Buffer, maxOutputTokens: number, deployment: RoutedDeployment): number {
    return reservationMicroUsd({
      promptTokensUpperBound: promptTokensUpperBound(bodyBytes),
      maxOutputTokens,
      price: deployment.price,
      ceilingMicroUsd: this.settings.reservationCeilingMicroUsd,
    });
  }
}
