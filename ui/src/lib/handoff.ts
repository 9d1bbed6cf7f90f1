/**
 * A secret passed from one page to the next in memory only (a token just created, to the
 * client set-up page): taken once, then gone. Never in the URL, history state or storage.
 */
let pending: string | null = null;

export const secretHandoff = {
  give(secret: string): void {
    pending = secret;
  },
  take(): string | null {
    const secret = pending;
    pending = null;
    return secret;
  },
};
