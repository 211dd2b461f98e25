import { Inject, Injectable } from '@nestjs/common';
import { promptTokensUpperBound, reservationMicroUsd } from '@gatehouse/governance';
import { ChatRequest } from '@gatehouse/providers-core';
import { PriceBook } from '../config/price-book';
import { GOVERNANCE_SETTINGS, GovernanceSettings } from '../config/governance-settings';

/**
 * What a call may cost at most, reserved against budgets before it runs: its prompt bound at the
 * dearest input price of the model group and its whole output allowance at the dearest output
 * price, capped by the configured ceiling so a call without max_tokens is not refused for its
 * theoretical worst case.
 */
@Injectable()
export class ReservationEstimator {
  constructor(
    private readonly prices: PriceBook,
    @Inject(GOVERNANCE_SETTINGS) private readonly settings: GovernanceSettings,
  ) {}

  forChat(request: ChatRequest, rawBody: Buffer): number {
    const worst = this.prices.worstCase(request.model);
    if (!worst) return 0;
    const perChoice = request.max_completion_tokens ?? request.max_tokens ?? worst.maxOutputTokens;
    const choices = typeof request.n === 'number' && request.n > 1 ? request.n : 1;
    return this.reserve(rawBody, perChoice * choices, worst);
  }

  forEmbedding(model: string, rawBody: Buffer): number {
    const worst = this.prices.worstCase(model);
    return worst ? this.reserve(rawBody, 0, worst) : 0;
  }

  private reserve(
    rawBody: Buffer,
    maxOutputTokens: number,
    price: { inputPerMillion: number; outputPerMillion: number },
  ) {
    return reservationMicroUsd({
      promptTokensUpperBound: promptTokensUpperBound(rawBody),
      maxOutputTokens,
      price,
      ceilingMicroUsd: this.settings.reservationCeilingMicroUsd,
    });
  }
}
