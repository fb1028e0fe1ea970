/**
 * A place (or several) found by typing its name: GET /api/places?q=… through `useRemoteSearch`,
 * so a late answer never replaces a newer one and no option is offered for an earlier text.
 * Places already chosen keep their names (looked up once when a form opens with them).
 */
import { useEffect, useState, type CSSProperties } from 'react';
import { Select } from 'antd';
import { getPlace, type Place } from '../../lib/data';
import { useI18n } from '../../lib/i18n';
import { findPlaces, useRemoteSearch } from '../../lib/search';

export interface PlaceOption {
  value: number;
  label: string;
}

interface Common {
  id?: string;
  placeholder?: string;
  /** ask the server for this level only */
  level?: string;
  /** offer only these levels of what the server answers */
  levels?: readonly string[];
  /** write the level after the name: 御河东（社区） */
  withLevel?: boolean;
  allowClear?: boolean;
  style?: CSSProperties;
  /** names of values the caller already knows (saves a lookup) */
  initial?: PlaceOption[] | PlaceOption | null;
}

type Props = Common & ({ multiple?: false; value?: number | null; onChange?: (v: number | undefined) => void } | { multiple: true; value?: number[]; onChange?: (v: number[]) => void });

export function PlaceSearch(props: Props) {
  const { t } = useI18n();
  const { level, levels, withLevel } = props;
  const label = (p: Pick<Place, 'name' | 'level'>) => (withLevel ? `${p.name}（${t(`level.${p.level}` as never)}）` : p.name);
  const found = useRemoteSearch((q) => findPlaces(q, level));
  const [known, setKnown] = useState<Map<number, string>>(() => {
    const init = props.initial ? (Array.isArray(props.initial) ? props.initial : [props.initial]) : [];
    return new Map(init.map((o) => [o.value, o.label]));
  });
  const chosen: number[] = props.multiple ? (props.value ?? []) : props.value != null ? [props.value] : [];
  const unnamed = chosen.filter((v) => !known.has(v));

  useEffect(() => {
    if (!unnamed.length) return;
    let live = true;
    Promise.all(unnamed.map((v) => getPlace(v).then((p) => [v, label(p.place)] as const, () => [v, `#${v}`] as const)))
      .then((named) => live && setKnown((k) => new Map([...k, ...named])))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [unnamed.join(',')]);

  const offered = found.items.filter((p) => p.level !== 'unit' && (!levels || levels.includes(p.level)));
  const options = [
    ...chosen.filter((v) => !offered.some((p) => p.id === v)).map((v) => ({ value: v, label: known.get(v) ?? `#${v}` })),
    ...offered.map((p) => ({ value: p.id, label: label(p) })),
  ];
  const remember = (ids: number[]) => {
    const add = offered.filter((p) => ids.includes(p.id) && !known.has(p.id));
    if (add.length) setKnown((k) => new Map([...k, ...add.map((p) => [p.id, label(p)] as const)]));
  };

  const common = {
    id: props.id,
    options,
    placeholder: props.placeholder,
    allowClear: props.allowClear,
    loading: found.loading,
    notFoundContent: found.notFound(t('place.typeToSearch')),
    showSearch: { filterOption: false, onSearch: found.search },
    style: props.style ?? { width: '100%' },
  };
  if (props.multiple) {
    const { onChange } = props;
    return (
      <Select<number[]>
        {...common}
        mode="multiple"
        value={props.value}
        onChange={(v) => {
          remember(v);
          onChange?.(v);
        }}
      />
    );
  }
  const { onChange } = props;
  return (
    <Select<number>
      {...common}
      value={props.value ?? undefined}
      onChange={(v) => {
        if (v !== undefined) remember([v]);
        onChange?.(v ?? undefined);
      }}
    />
  );
}
