import { MantineProvider, createTheme } from '@mantine/core';
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
  // System fonts only: the CSP allows no external font, and none is bundled.
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
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
      <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
        <Notifications position="top-right" />
        <QueryClientProvider client={client}>
          <AuthProvider resume={resumeSession}>{children}</AuthProvider>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
