import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/app';
import './index.css';

// Zod would otherwise probe `new Function` for its fast path, which the CSP forbids (and reports).
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root element to mount the dashboard in');
}

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
