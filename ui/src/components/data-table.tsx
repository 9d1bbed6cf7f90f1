import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { TableScroll } from './table-scroll';

/**
 * The dashboard's one table shape: a caption for assistive technology (the page shows its own
 * heading), one header row of column headers, and the rows the caller gives, in a box that
 * scrolls sideways on a narrow screen.
 */
export function DataTable({
  caption,
  columns,
  children,
  ...table
}: { caption: string; columns: ReactNode[]; children: ReactNode } & Omit<TableProps, 'children' | 'caption'>) {
  return (
    <TableScroll label={caption}>
      <Table {...table}>
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, index) => (
              <Table.Th scope="col" key={index}>
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        {children}
      </Table>
    </TableScroll>
  );
}
