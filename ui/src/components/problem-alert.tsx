import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client';
import { formatDateTime } from '../lib/format';

/**
 * A refusal in the API's own words: its title, its detail, the fields to fix, the unlock time
 * of a locked account. Everything is rendered as text, never as markup.
 */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    const message = error instanceof TypeError ? t('problem.network') : error instanceof Error ? error.message : String(error);
    return (
      <Alert color="red" title={title ?? t('problem.title')} role="alert">
        {message}
      </Alert>
    );
  }
  const lockedUntil = error.lockedUntil;
  const retryAfter = error.extras.retryAfterSeconds;
  return (
    <Alert color="red" title={error.title} role="alert" data-problem={error.code}>
      {error.detail && <Text size="sm">{error.detail}</Text>}
      {lockedUntil && (
        <Text size="sm" fw={600}>
          {t('auth.lockedUntil', { time: formatDateTime(lockedUntil.toISOString(), i18n.language) })}
        </Text>
      )}
      {typeof retryAfter === 'number' && !lockedUntil && <Text size="sm">{t('auth.retryIn', { seconds: retryAfter })}</Text>}
      {error.fieldErrors.length > 0 && (
        <>
          <Text size="sm" mt="xs">
            {t('problem.fieldErrors')}
          </Text>
          <List size="sm">
            {error.fieldErrors.map((field) => (
              <List.Item key={`${field.field}:${field.message}`}>
                <Text span ff="monospace" size="sm">
                  {field.field}
                </Text>
                : {field.message}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Alert>
  );
}
