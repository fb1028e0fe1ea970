/** Picks what a portrait or dashboard is about: a place found by name (any level), or a unit. */
import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { api, qs } from '../../../lib/api';
import { getPlace, getUnits, useAsync, type Place } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';

interface Option {
  value: number;
  label: string;
}

/** A place by name: streets, communities, compounds and buildings (optionally only one level). */
export function PlaceSearch({ id, value, onChange, placeholder, level }: { id?: string; value?: number; onChange: (v: number | undefined) => void; placeholder: string; level?: string }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<Option[]>([]);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const label = (p: { name: string; level: string }) => (level ? p.name : `${p.name}（${t(`level.${p.level}` as never)}）`);
  useEffect(() => {
    if (value === undefined || options.some((o) => o.value === value)) return;
    let live = true;
    getPlace(value)
      .then((p) => live && setOptions((o) => [{ value, label: label(p.place) }, ...o]))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [value]);
  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    const text = q.trim();
    if (!text) return;
    timer.current = setTimeout(() => {
      const n = ++seq.current;
      api
        .get<Place[]>(`/api/places${qs({ q: text, level })}`)
        .then((list) => n === seq.current && setOptions(list.filter((p) => p.level !== 'unit').map((p) => ({ value: p.id, label: label(p) }))))
        .catch(() => undefined);
    }, 200);
  };
  return (
    <Select<number>
      id={id}
      style={{ width: 240 }}
      value={value}
      placeholder={placeholder}
      options={options}
      allowClear
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={t('place.typeToSearch')}
      onChange={(v) => onChange(v ?? undefined)}
    />
  );
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
