import { useMessages } from '../i18n/messages-context';
import type { Problem } from './problem';

/**
 * A problem that belongs to no field, announced to screen readers (role="alert").
 * `onRetry` offers a retry where one makes sense (the network was lost, the service was busy).
 */
export function ProblemAlert({ problem, onRetry }: { problem: Problem | null; onRetry?: () => void }) {
  const t = useMessages();
  if (!problem || problem.kind === 'field') return null;
  const text =
    problem.kind === 'too-many-requests' ? t.tooManyRequests(problem.retryAfterSeconds)
    : problem.kind === 'unavailable' ? t.unavailable
    : problem.kind === 'network' ? t.networkLost
    : problem.message;
  const retryable = problem.kind === 'network' || problem.kind === 'unavailable';
  return (
    <div role="alert" className="problem">
      <p>{text}</p>
      {retryable && onRetry && (
        <button type="button" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}
