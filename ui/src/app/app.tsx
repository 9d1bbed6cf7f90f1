import { HealthStatus } from '../features/health/components/health-status';
import './app.css';

/** The dashboard shell: for now a title, the bridge's health and where the API lives. */
export function App() {
  return (
    <main className="app">
      <h1>HA-MCP Bridge</h1>
      <HealthStatus />
      <p className="app__note">
        This dashboard is still in progress. Until it grows, the REST API lives under{' '}
        <code>/auth</code> and <code>/admin</code>.
      </p>
    </main>
  );
}
