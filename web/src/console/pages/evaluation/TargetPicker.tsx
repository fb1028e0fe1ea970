/** Picks what a portrait or dashboard is about: a place found by name (any level), or a unit. */
import { Select } from 'antd';
import { getUnits, useAsync } from '../../../lib/data';
import { PlaceSearch as AnyPlace } from '../../components/PlaceSearch';

/** A place by name: streets, communities, compounds and buildings (optionally only one level). */
export function PlaceSearch({ id, value, onChange, placeholder, level }: { id?: string; value?: number; onChange: (v: number | undefined) => void; placeholder: string; level?: string }) {
  return <AnyPlace id={id} value={value} onChange={onChange} placeholder={placeholder} level={level} withLevel={!level} allowClear style={{ width: 240 }} />;
}

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
