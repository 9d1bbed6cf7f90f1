import { AppShell, Badge, Burger, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../lib/auth';
import { useLiveEvents } from '../../lib/live-events';
import { useMe } from '../../lib/me';
import { Loading } from '../loading';
import { ColorSchemeToggle, LanguageSelect } from './preferences';

const adminPages = [
  { to: '/manage/people', key: 'nav.people' },
  { to: '/manage/live', key: 'nav.live' },
  { to: '/manage/system', key: 'nav.system' },
] as const;

const pages = [
  { to: '/', key: 'nav.overview', end: true },
  { to: '/tools', key: 'nav.tools' },
  { to: '/connections', key: 'nav.connections' },
  { to: '/tokens', key: 'nav.tokens' },
  { to: '/connect', key: 'nav.connect' },
  { to: '/calls', key: 'nav.calls' },
  { to: '/profile', key: 'nav.profile' },
] as const;

/** The signed-in shell: header (burger, live state, language, scheme, sign out), navigation, the page. */
export default function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { signOut, session } = useAuth();
  const queryClient = useQueryClient();
  const live = useLiveEvents(queryClient, Boolean(session));
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();

  const leave = async () => {
    await signOut().catch(() => undefined);
    queryClient.clear();
    navigate('/sign-in', { replace: true });
  };

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? t('shell.closeNavigation') : t('shell.openNavigation')} aria-expanded={opened} aria-controls="main-navigation" />
            <Text fw={700} component="span">
              {t('app.name')}
            </Text>
            <Badge
              variant="dot"
              color={live === 'live' ? 'teal' : live === 'connecting' ? 'yellow' : 'gray'}
              visibleFrom="xs"
              role="status"
              aria-live="polite"
            >
              {live === 'live' ? t('shell.live') : live === 'connecting' ? t('shell.connecting') : t('shell.offline')}
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSelect />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" id="main-navigation" aria-label={t('shell.navigation')}>
        <AppShell.Section grow component={ScrollArea}>
          {pages.map((page) => (
            <NavLink
              key={page.to}
              component={RouterNavLink}
              to={page.to}
              end={'end' in page}
              label={t(page.key)}
              active={'end' in page ? location.pathname === page.to : location.pathname.startsWith(page.to)}
              onClick={close}
            />
          ))}
          {me.data?.role === 'ADMIN' && (
            <div role="group" aria-labelledby="admin-navigation">
              <Text id="admin-navigation" size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
                {t('shell.admin')}
              </Text>
              {adminPages.map((page) => (
                <NavLink key={page.to} component={RouterNavLink} to={page.to} label={t(page.key)} active={location.pathname.startsWith(page.to)} onClick={close} />
              ))}
            </div>
          )}
        </AppShell.Section>
        <AppShell.Section>
          {me.data && (
            <Text size="sm" c="dimmed" mb="xs">
              {t('shell.signedInAs', { name: me.data.username })}
            </Text>
          )}
          <NavLink component="button" label={t('shell.signOut')} onClick={() => void leave()} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
