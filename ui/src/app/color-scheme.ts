import type { MantineColorScheme, MantineColorSchemeManager } from '@mantine/core';

/**
 * Mantine's default manager writes the choice to localStorage; the dashboard stores nothing, so
 * the choice lives in memory and a reload goes back to the system's preference ("auto").
 */
export function memoryColorSchemeManager(): MantineColorSchemeManager {
  let chosen: MantineColorScheme | null = null;
  return {
    get: (defaultValue) => chosen ?? defaultValue,
    set: (value) => {
      chosen = value;
    },
    subscribe: () => undefined,
    unsubscribe: () => undefined,
    clear: () => {
      chosen = null;
    },
  };
}
