/**
 * Place pickers: a compound found by typing its name (as a caller says it) or picked from the
 * whole list (recent ones first, each with its community), then one of its buildings. Two labelled
 * controls, so keyboard and screen-reader users get one question each.
 */
import { useEffect, useMemo, useState } from 'react';
import { Select, Typography } from 'antd';
import { cached, getPlace, getPlaceChildren } from '../../lib/data';
import { useI18n } from '../../lib/i18n';
import { findPlaces, useRemoteSearch } from '../../lib/search';

interface Option {
  value: number;
  label: string;
  /** the community (and street) it lies in, shown beside the name in the list */
  hint?: string | null;
}

interface CompoundRow {
  id: number;
  name: string;
  communityName: string | null;
  streetName: string | null;
}

/** Every compound of the district, once per page load (GET /api/places/compounds). */
const allCompounds = () =>
  cached<CompoundRow[]>('/api/places/compounds').then((list) => list.map((c) => ({ value: c.id, label: c.name, hint: [c.streetName, c.communityName].filter(Boolean).join(' · ') || null })));

const RECENT_KEY = 'gz.recentCompounds';

function recentCompounds(): Option[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? (v as Option[]).filter((o) => typeof o.value === 'number' && typeof o.label === 'string') : [];
  } catch {
    return [];
  }
}

function rememberCompound(o: Option) {
  try {
    const list = [o, ...recentCompounds().filter((r) => r.value !== o.value)].slice(0, 8);
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // ignore
  }
}

/** The compound (小区) of a place, found through its ancestors; null above compound level. */
export async function compoundOf(placeId: number): Promise<{ compound: Option | null; building: Option | null }> {
  const { place, ancestors } = await getPlace(placeId);
  const chain = [...ancestors.filter((a) => a.id !== place.id), { id: place.id, name: place.name, level: place.level }];
  const c = chain.find((a) => a.level === 'compound');
  const b = chain.find((a) => a.level === 'building');
  return { compound: c ? { value: c.id, label: c.name } : null, building: b ? { value: b.id, label: b.name } : null };
}

export function CompoundSelect(props: {
  id?: string;
  value?: number;
  onChange?: (v: number | undefined) => void;
  placeholder?: string;
  initialOption?: Option | null;
  allowClear?: boolean;
  size?: 'large' | 'middle';
}) {
  const { t } = useI18n();
  const [recent] = useState<Option[]>(recentCompounds);
  const [all, setAll] = useState<Option[] | null>(null);
  /** the answer to what is typed; while nothing is typed the whole list shows */
  const typed = useRemoteSearch((text) => findPlaces(text, 'compound'));

  const loadAll = () => {
    if (all) return;
    allCompounds()
      .then(setAll)
      .catch(() => setAll([]));
  };
  // A value set from outside (an edit form) needs its label at once.
  useEffect(() => {
    if (props.value !== undefined) loadAll();
    // loadAll only reads state.
  }, [props.value]);

  const options = useMemo(() => {
    const hints = new Map((all ?? []).map((o) => [o.value, o.hint]));
    if (typed.text) return typed.items.map((p) => ({ value: p.id, label: p.name, hint: hints.get(p.id) ?? null }));
    const init = props.initialOption;
    const head = [...(init ? [init] : []), ...recent.filter((r) => r.value !== init?.value)];
    return [...head.map((o) => ({ ...o, hint: hints.get(o.value) ?? o.hint ?? null })), ...(all ?? []).filter((o) => !head.some((h) => h.value === o.value))];
  }, [typed.text, typed.items, all, recent, props.initialOption]);

  return (
    <Select<number>
      id={props.id}
      showSearch={{ filterOption: false, onSearch: typed.search }}
      value={props.value}
      placeholder={props.placeholder ?? t('place.compoundSearch')}
      options={options}
      loading={typed.loading}
      allowClear={props.allowClear}
      size={props.size}
      notFoundContent={typed.notFound(t('place.typeToSearch'))}
      onOpenChange={(open) => open && loadAll()}
      onFocus={loadAll}
      optionRender={(o) => (
        <span>
          {o.label}
          {(o.data as Option).hint ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
              {(o.data as Option).hint}
            </Typography.Text>
          ) : null}
        </span>
      )}
      onChange={(v) => {
        const o = options.find((x) => x.value === v);
        if (o) rememberCompound({ value: o.value, label: o.label });
        typed.search('');
        props.onChange?.(v);
      }}
      style={{ width: '100%' }}
    />
  );
}

export function BuildingSelect(props: {
  id?: string;
  compoundId?: number;
  value?: number;
  onChange?: (v: number | undefined) => void;
  size?: 'large' | 'middle';
}) {
  const { t } = useI18n();
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    if (!props.compoundId) {
      setOptions([]);
      return;
    }
    setLoading(true);
    getPlaceChildren(props.compoundId)
      .then((list) => live && setOptions(list.map((p) => ({ value: p.id, label: p.name }))))
      .catch(() => live && setOptions([]))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [props.compoundId]);
  return (
    <Select<number>
      id={props.id}
      value={props.value}
      disabled={!props.compoundId}
      placeholder={props.compoundId ? t('place.buildingPick') : t('place.compoundFirst')}
      options={options}
      loading={loading}
      allowClear
      size={props.size}
      showSearch={{ optionFilterProp: 'label' }}
      onChange={(v) => props.onChange?.(v)}
      style={{ width: '100%' }}
    />
  );
}
