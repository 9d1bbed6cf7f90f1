/** Ready-to-paste configurations, one per client, for the bridge at {@code url} with {@code token}. */
export type ClientConfig = { id: string; code: string };

const NAME = 'ha-mcp-bridge';

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function clientConfigs(url: string, token: string): ClientConfig[] {
  const bearer = `Bearer ${token}`;
  return [
    { id: 'lmstudio', code: json({ mcpServers: { [NAME]: { url, headers: { Authorization: bearer } } } }) },
    {
      id: 'claude',
      code: json({
        mcpServers: {
          [NAME]: {
            command: 'npx',
            args: ['mcp-remote', url, '--header', 'Authorization:Bearer ${TOKEN}'],
            env: { TOKEN: token },
          },
        },
      }),
    },
    { id: 'vscode', code: json({ servers: { [NAME]: { type: 'http', url, headers: { Authorization: bearer } } } }) },
    { id: 'cursor', code: json({ mcpServers: { [NAME]: { url, headers: { Authorization: bearer } } } }) },
    {
      id: 'inspector',
      code: `npx @modelcontextprotocol/inspector --cli ${url} --transport http --header "Authorization: ${bearer}" --method tools/list`,
    },
  ];
}
