import { List, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The server's password policy (PasswordPolicy), measured in code points as the server does. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function passwordLength(value: string): number {
  return Array.from(value).length;
}

type Rule = { key: string; met: boolean };

export function passwordRules(password: string, username: string | undefined, current?: string): Rule[] {
  const length = passwordLength(password);
  const rules: Rule[] = [
    { key: 'auth.ruleMin', met: length >= PASSWORD_MIN },
    { key: 'auth.ruleMax', met: length > 0 && length <= PASSWORD_MAX },
    { key: 'auth.ruleNotUsername', met: length > 0 && (!username || password.toLowerCase() !== username.toLowerCase()) },
  ];
  if (current !== undefined) rules.push({ key: 'auth.ruleDiffers', met: length > 0 && password !== current });
  return rules;
}

/** The rules, shown before submitting, each ticked as the password meets it. */
export function PasswordRules({ password, username, current }: { password: string; username?: string; current?: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="sm" id="password-rules-title">
        {t('auth.rulesTitle')}
      </Text>
      <List size="sm" spacing={2} aria-labelledby="password-rules-title">
        {passwordRules(password, username, current).map((rule) => (
          <List.Item
            key={rule.key}
            icon={
              <ThemeIcon size={16} radius="xl" color={rule.met ? 'teal' : 'gray'} aria-hidden="true">
                <span style={{ fontSize: 10 }}>{rule.met ? '✓' : '•'}</span>
              </ThemeIcon>
            }
          >
            {t(rule.key)} <span className="visually-hidden">({rule.met ? t('auth.ruleMet') : t('auth.ruleNotMet')})</span>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
