/** A tab title with its count, e.g. 待签收 (3): a plain pill, cheaper than a Badge on the first screen. */
export function TabLabel({ text, count, danger }: { text: string; count?: number; danger?: boolean }) {
  const bg = count === undefined ? '' : danger && count > 0 ? '#ff4d4f' : count > 0 ? '#1677ff' : '#bfbfbf';
  return (
    <span>
      {text}
      {count !== undefined ? (
        <span
          style={{ marginInlineStart: 6, display: 'inline-block', minWidth: 20, padding: '0 6px', borderRadius: 10, background: bg, color: '#fff', fontSize: 12, lineHeight: '18px', textAlign: 'center' }}
        >
          {count > 999 ? '999+' : count}
        </span>
      ) : null}
    </span>
  );
}
