import { Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LEVELS, type Level } from '../api/get-tokens';

export type PermissionRow = { tool: string; levels: Level[] };

/**
 * A permission subset: tool names or patterns with levels. Levels I hold on no tool are
 * disabled, with the reason, since a token can only narrow my own rights.
 */
export function PermissionEditor({ rows, onChange, held }: { rows: PermissionRow[]; onChange: (rows: PermissionRow[]) => void; held: Set<Level> | undefined }) {
  const { t } = useTranslation();
  const update = (index: number, row: PermissionRow) => onChange(rows.map((r, i) => (i === index ? row : r)));
  return (
    <Stack gap="xs">
      {rows.map((row, index) => (
        <Group key={index} align="flex-end" wrap="wrap">
          <TextInput
            label={`${t('tokens.permissionTool')} ${index + 1}`}
            value={row.tool}
            onChange={(e) => update(index, { ...row, tool: e.currentTarget.value })}
            w={200}
          />
          <Checkbox.Group
            label={`${t('tokens.permissionLevels')} ${index + 1}`}
            value={row.levels}
            onChange={(levels) => update(index, { ...row, levels: levels as Level[] })}
          >
            <Group gap="sm" mt={4}>
              {LEVELS.map((level) => {
                const notHeld = held !== undefined && !held.has(level);
                return (
                  <Checkbox
                    key={level}
                    value={level}
                    label={t(`level.${level}`)}
                    disabled={notHeld}
                    title={notHeld ? t('tokens.levelNotHeld', { level: t(`level.${level}`) }) : undefined}
                  />
                );
              })}
            </Group>
          </Checkbox.Group>
          <Button variant="subtle" color="red" onClick={() => onChange(rows.filter((_, i) => i !== index))} aria-label={t('tokens.removePermission', { index: index + 1 })}>
            ✕
          </Button>
        </Group>
      ))}
      {held && LEVELS.filter((l) => !held.has(l)).map((l) => (
        <Text key={l} size="xs" c="dimmed">
          {t('tokens.levelNotHeld', { level: t(`level.${l}`) })}
        </Text>
      ))}
      <Button variant="light" size="xs" onClick={() => onChange([...rows, { tool: '*', levels: ['read'] }])} w="fit-content">
        {t('tokens.addPermission')}
      </Button>
    </Stack>
  );
}
