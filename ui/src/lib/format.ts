/** Dates and numbers in the reader's language. */
export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

export function formatNumber(value: number | null | undefined, language: string): string {
  return value === null || value === undefined ? '—' : new Intl.NumberFormat(language).format(value);
}

/** Seconds of an ISO-8601 duration such as PT10S or PT1M30S; null when it is not one. */
export function durationSeconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso);
  if (!match) return null;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/** A size in bytes with the unit a person reads (kB, MB, GB), in the reader's language. */
export function formatBytes(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined) return '—';
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let size = value;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(language, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(size);
}

/** An ISO-8601 duration of whole hours or days (PT720H, PT1H) as days or hours in words. */
export function formatDuration(iso: string | null | undefined, language: string): string {
  const seconds = durationSeconds(iso);
  if (seconds === null) return iso ?? '—';
  const days = seconds / 86_400;
  const format = (amount: number, unit: 'day' | 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(amount);
  if (days >= 1 && Number.isInteger(days)) return format(days, 'day');
  if (seconds >= 3600) return format(seconds / 3600, 'hour');
  if (seconds >= 60) return format(seconds / 60, 'minute');
  return format(seconds, 'second');
}
