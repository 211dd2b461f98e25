import { withDefaults } from '../catalog/request-defaults';
import { NextAttempt } from './attempts';

/**
 * What one try sends: the client's request, naming the model its group resolved to (provider-workers
 * fills a wildcard deployment from it) and filled with the deployment's own defaults. Built from the
 * client's request each time, so one deployment's defaults never leak into a retry on another; the
 * same object when neither applies.
 */
export function requestFor<R extends { model: string }>(request: R, attempt: NextAttempt): R {
  const named = request.model === attempt.model ? request : { ...request, model: attempt.model };
  return withDefaults(named, attempt.deployment.defaults);
}
