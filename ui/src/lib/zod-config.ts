import { z } from 'zod';

// Zod would otherwise probe `new Function` for its fast path, which the CSP forbids (and reports).
// A module of its own, imported first by main.tsx: imports run before the importing module's body,
// so a schema made at the top of any module would otherwise probe before this line ran.
z.config({ jitless: true });
