import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../lib/clipboard';

/** A button that copies {@code value} and says so, aloud too. */
export function CopyButton({ value, label, size = 'xs' }: { value: string; label?: string; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    const ok = await copyText(value);
    setState(ok ? 'copied' : 'failed');
    window.setTimeout(() => setState('idle'), 2000);
  };
  return (
    <>
      <Button size={size} variant="light" color={state === 'copied' ? 'teal' : undefined} onClick={() => void copy()} aria-label={label ?? t('app.copy')}>
        {state === 'copied' ? t('app.copied') : t('app.copy')}
      </Button>
      <span role="status" aria-live="polite" className="visually-hidden">
        {state === 'copied' ? t('app.copied') : state === 'failed' ? t('app.copyFailed') : ''}
      </span>
    </>
  );
}
