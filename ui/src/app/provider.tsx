import {
  MantineProvider,
  createTheme,
  defaultVariantColorsResolver,
  type CSSVariablesResolver,
  type VariantColorsResolver,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { ApiError } from '../lib/api-client';
import { AuthProvider } from '../lib/auth';
import { memoryColorSchemeManager } from './color-scheme';
import { setUpI18n } from './i18n';

const theme = createTheme({
  primaryColor: 'indigo',
  // Mantine's default shade (6) gives white text 4.3:1 on indigo, under WCAG AA's 4.5:1 (axe
  // reports it); shade 8 gives 5.7:1 on white, for filled buttons and links alike.
  primaryShade: { light: 8, dark: 8 },
  // System fonts only: the CSP allows no external font, and none is bundled.
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  variantColorResolver: readableLightVariant(),
  // White on a filled teal, green, red or orange is under 4.5:1 whatever the shade; black text
  // there instead. At this threshold either text colour reads at 4.5:1 or better on its fill.
  autoContrast: true,
  luminanceThreshold: 0.18,
});

/**
 * The "light" variant (badges, alerts) writes a colour's dark shade on its pale tint: teal gives
 * 4.3:1 and yellow 2.7:1, under AA's 4.5:1. Its text is the scheme's own text colour instead; the
 * tint still says which colour it is.
 */
function readableLightVariant(): VariantColorsResolver {
  return (input) => {
    const colors = defaultVariantColorsResolver(input);
    return input.variant === 'light'
      ? { ...colors, color: 'light-dark(var(--mantine-color-black), var(--mantine-color-white))' }
      : colors;
  };
}

/**
 * Mantine's dimmed text is under AA's 4.5:1: gray 6 on white (3.3:1), dark 2 on the dark scheme's
 * cards (3.5:1). Gray 7 and dark 1 read at 7:1 or better, and still look secondary.
 */
const readableDimmed: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] },
  dark: { '--mantine-color-dimmed': t.colors.dark[1] },
});

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refusal (4xx) will not change by asking again at once.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
        staleTime: 5_000,
      },
    },
  });
}

type AppProviderProps = {
  children: ReactNode;
  queryClient?: QueryClient;
  /** Tests start signed out or signed in by themselves instead of asking the refresh cookie. */
  resumeSession?: boolean;
  language?: string;
};

export function AppProvider({ children, queryClient, resumeSession = true, language }: AppProviderProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [i18n] = useState(() => setUpI18n(language));
  const [colorSchemeManager] = useState(memoryColorSchemeManager);
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={readableDimmed}
        defaultColorScheme="auto"
        colorSchemeManager={colorSchemeManager}
      >
        <Notifications position="top-right" />
        <QueryClientProvider client={client}>
          <AuthProvider resume={resumeSession}>{children}</AuthProvider>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
