import { useMutation } from '@tanstack/react-query';
import { queryString } from '../../../lib/api-client';
import { downloadFile } from '../../../lib/download';
import type { CallFilters } from '../../../lib/live-events';
import { filterParams } from './get-calls';

/** GET /api/calls/export: the whole filtered set, streamed by the server, saved as a file. */
export function exportCalls(format: 'csv' | 'json', filters: CallFilters): Promise<void> {
  return downloadFile(`/api/calls/export${queryString({ format, ...filterParams(filters) })}`, `calls.${format}`);
}

export function useExportCalls() {
  return useMutation({ mutationFn: ({ format, filters }: { format: 'csv' | 'json'; filters: CallFilters }) => exportCalls(format, filters) });
}
