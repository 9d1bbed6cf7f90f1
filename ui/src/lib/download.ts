import { request } from './api-client';

/**
 * Downloads an authenticated file: the bearer header cannot ride on a plain link, so the answer
 * is fetched and handed to the browser as a blob URL, revoked right after.
 */
export async function downloadFile(path: string, fallbackName: string, options: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {}): Promise<void> {
  const response = await request(path, { method: options.method, headers: { Accept: '*/*', ...options.headers } });
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
