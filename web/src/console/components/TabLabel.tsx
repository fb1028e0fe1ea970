/** A tab title with its count, e.g. 待签收 (3). */
import { Badge } from 'antd';

export function TabLabel({ text, count, danger }: { text: string; count?: number; danger?: boolean }) {
  return (
    <span>
      {text}
      {count !== undefined ? <Badge count={count} showZero overflowCount={999} color={danger && count > 0 ? 'red' : count > 0 ? 'blue' : '#bbb'} style={{ marginInlineStart: 6 }} /> : null}
    </span>
  );
}
