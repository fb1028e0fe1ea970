/** Category picker with search over names and keywords ("楼道脏" finds 保洁不到位), grouped by top level. */
import { useMemo } from 'react';
import { Select } from 'antd';
import type { Category } from '../../lib/data';
import { useI18n } from '../../lib/i18n';

/** Leaves grouped under their parents; a top level without children is offered itself. */
export function categoryOptions(cats: Category[], lang: 'zh' | 'en') {
  const name = (c: Category) => (lang === 'en' ? c.nameEn || c.name : c.name);
  const tops = cats.filter((c) => c.parentId === null);
  return tops.map((top) => {
    const kids = cats.filter((c) => c.parentId === top.id);
    const leaves = kids.length ? kids : [top];
    return {
      label: name(top),
      title: name(top),
      options: leaves.map((c) => ({
        value: c.id,
        label: name(c),
        search: `${c.name} ${c.nameEn} ${c.keywords} ${top.name} ${top.nameEn}`.toLowerCase(),
      })),
    };
  });
}

export function CategorySelect(props: {
  id?: string;
  value?: number;
  onChange?: (v: number | undefined) => void;
  categories: Category[] | undefined;
  allowClear?: boolean;
  placeholder?: string;
  size?: 'large' | 'middle';
  /** allow choosing a top-level category too (for filters) */
  withParents?: boolean;
}) {
  const { t, lang } = useI18n();
  const options = useMemo(() => {
    const cats = props.categories ?? [];
    const groups = categoryOptions(cats, lang);
    if (!props.withParents) return groups;
    return groups.map((g, i) => {
      const top = cats.filter((c) => c.parentId === null)[i]!;
      return { ...g, options: [{ value: top.id, label: `${g.label}（${t('category.all')}）`, search: g.options.map((o) => o.search).join(' ') }, ...g.options.filter((o) => o.value !== top.id)] };
    });
  }, [props.categories, props.withParents, lang, t]);
  return (
    <Select<number>
      id={props.id}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      options={options}
      loading={!props.categories}
      allowClear={props.allowClear}
      size={props.size}
      placeholder={props.placeholder ?? t('category.search')}
      showSearch={{
        filterOption: (input, option) => {
          const s = (option as { search?: string } | undefined)?.search;
          return !!s && input.trim().toLowerCase().split(/\s+/).every((w) => s.includes(w));
        },
      }}
      style={{ width: '100%' }}
    />
  );
}
