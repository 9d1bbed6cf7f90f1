import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../../components/page';

/** What someone who is not an administrator sees on an administration page. */
export default function AdminOnlyRoute() {
  const { t } = useTranslation();
  return (
    <Page title={t('admin.onlyTitle')}>
      <Text>{t('admin.onlyText')}</Text>
      <Text>
        <Anchor component={Link} to="/">
          {t('app.backHome')}
        </Anchor>
      </Text>
    </Page>
  );
}
