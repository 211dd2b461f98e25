import { defer, finalize, Observable, tap } from 'rxjs';
import { StreamPiece } from '../ports/provider-invoker';
import { answered, failedAfter } from './finished-call';
import { FinishedCall, RoutingStats } from './stats/routing-stats';

/**
 * A stream to one deployment, counted in the routing statistics from subscription to its end, its
 * failure or the client leaving, whichever comes first, exactly once.
 */
export function countedStream(
  pieces: Observable<StreamPiece>,
  stats: RoutingStats,
  deploymentId: string,
): Observable<StreamPiece> {
  return defer(() => {
    const startedAt = performance.now();
    let firstChunkMs: number | undefined;
    let counted = false;
    const count = (call: FinishedCall) => {
      if (counted) return;
      counted = true;
      stats.finished(deploymentId, call);
    };
    stats.started(deploymentId);
    return pieces.pipe(
      tap({
        next: (piece) => {
          if ('usage' in piece) count(answered(performance.now() - startedAt, piece.usage, firstChunkMs));
          else firstChunkMs ??= performance.now() - startedAt;
        },
        error: (error: unknown) => count(failedAfter(performance.now() - startedAt, error)),
      }),
      finalize(() => count(failedAfter(performance.now() - startedAt, undefined))),
    );
  });
}
