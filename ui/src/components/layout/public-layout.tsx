import { Container, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ColorSchemeToggle, LanguageSelect } from './preferences';

/** The frame of the pages before sign-in: name, preferences, one card. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <header>
        <Group justify="space-between" p="md">
          <Text fw={700}>{t('app.name')}</Text>
          <Group gap="xs">
            <LanguageSelect />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </header>
      <main id="main">
        <Container size={460} py="xl">
          <Paper withBorder shadow="sm" p="lg" radius="md">
            {children}
          </Paper>
        </Container>
      </main>
    </>
  );
}
