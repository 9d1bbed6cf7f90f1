import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways on a narrow screen: the scrolling region takes the keyboard's
 * focus (so it can be scrolled without a mouse) and is named after the table it holds. A group,
 * not a region: the page's sections are the landmarks, often under that same name.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="group" aria-label={label}>
      {children}
    </div>
  );
}
