/** Picks what a dashboard is about: a unit (a place is picked with components/PlaceSearch). */
import { Select } from 'antd';
import { getUnits, useAsync } from '../../../lib/data';

/** A unit from the directory, searchable by name. */
export function UnitSelect({ id, value, onChange, placeholder, kind }: { id?: string; value?: number; onChange: (v: number | undefined) => void; placeholder: string; kind?: string }) {
  const units = useAsync(getUnits, []);
  return (
    <Select<number>
      id={id}
      style={{ width: 260 }}
      value={value}
      placeholder={placeholder}
      allowClear
      loading={units.loading}
      showSearch={{ optionFilterProp: 'label' }}
      options={(units.data ?? []).filter((u) => !kind || u.kind === kind).map((u) => ({ value: u.id, label: u.name }))}
      onChange={(v) => onChange(v ?? undefined)}
    />
  );
}
