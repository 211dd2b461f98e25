import { PlannedCheck, ticketFor } from './admission-plan';
import { CheckReading, quotaOf } from './quota';
import { refusalFor } from './refusals';
import { AdmitRequest, AdmitResult } from './types';

/**
 * Turns the admit script's reply into the result. When several checks refuse, a spent budget wins
 * (it will not pass on retry, so a 429 would mislead); otherwise the first refusing check speaks.
 */
export function verdictOf(
  checks: PlannedCheck[],
  reply: number[],
  request: AdmitRequest,
  ticketId: string,
): AdmitResult {
  if (reply.length !== 1 + 3 * checks.length) {
    throw new Error(`admit script replied ${reply.length} values for ${checks.length} checks`);
  }
  const admitted = reply[0] === 1;
  const readings: CheckReading[] = checks.map((check, i) => ({
    check,
    verdict: reply[1 + 3 * i],
    first: reply[2 + 3 * i],
    second: reply[3 + 3 * i],
  }));
  const quota = quotaOf(readings, admitted, request.nowMs);
  if (admitted) return { admitted, ticket: ticketFor(checks, ticketId, request), quota };
  const refusing =
    readings.find((r) => r.check.type === 'budget' && r.verdict === 1) ?? readings.find((r) => r.verdict !== 0);
  if (!refusing) throw new Error('admit script refused without a refusing check');
  return { admitted, failure: refusalFor(refusing, request.reservationMicroUsd, request.nowMs), quota };
}
