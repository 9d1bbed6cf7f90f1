import { useHealth, type HealthState } from '../api/get-health';
import './health-status.css';

function describe(state: HealthState): string {
  switch (state.kind) {
    case 'checking':
      return 'Checking the bridge…';
    case 'up':
      return 'The bridge is up';
    case 'down':
      return `The bridge is down (${state.status})`;
    case 'unreachable':
      return `The bridge cannot be reached: ${state.reason}`;
  }
}

/** A badge that says whether the bridge answers GET /health with UP. */
export function HealthStatus() {
  const state = useHealth();
  return (
    <p className={`health health--${state.kind}`} role="status" aria-live="polite">
      <span className="health__dot" aria-hidden="true" />
      {describe(state)}
    </p>
  );
}
