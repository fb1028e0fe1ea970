/**
 * ECharts options of the dashboards and the big screen, as plain objects (no ECharts import here:
 * the library itself loads with the chart), plus the table each one exports.
 */
import type { ChartOption } from '../../components/StatusChart';
import type { ChildRowT, Overview } from './dashboard-data';
import type { TableData } from './exporting';

export const KIND_COLORS: Record<string, string> = { hardware: '#fa8c16', service: '#1677ff', other: '#bfbfbf' };

const pct1 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

export interface Names {
  volume: string;
  closed: string;
  satisfaction: string;
  kind: (k: string) => string;
}

/** Orders per day or month, with the closed ones (when known) and satisfaction on a second axis. */
export function trendOption(series: Overview['series'], n: Names): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: series.map((p) => p.period) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: n.volume, data: series.map((p) => p.volume), itemStyle: { color: '#1677ff' } },
      { type: 'bar', name: n.closed, data: series.map((p) => p.closed), itemStyle: { color: '#52c41a' } },
      { type: 'line', name: n.satisfaction, yAxisIndex: 1, connectNulls: true, data: series.map((p) => pct1(p.satisfaction)), itemStyle: { color: '#eb2f96' } },
    ],
  };
}

export function trendData(series: Overview['series'], n: Names): TableData {
  return {
    columns: ['period', n.volume, n.closed, `${n.satisfaction} %`],
    rows: series.map((p) => [p.period, p.volume, p.closed, pct1(p.satisfaction)]),
  };
}

/** Shares by kind (hardware / service / other) as a ring. */
export function kindOption(byKind: Overview['byKind'], n: Names): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['36%', '58%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{d}%', overflow: 'none' },
        data: byKind.filter((k) => k.count > 0).map((k) => ({ name: n.kind(k.kind), value: k.count, itemStyle: { color: KIND_COLORS[k.kind] } })),
      },
    ],
  };
}

export function kindData(byKind: Overview['byKind'], n: Names): TableData {
  return { columns: ['', n.volume, '%'], rows: byKind.map((k) => [n.kind(k.kind), k.count, pct1(k.share)]) };
}

/** Orders of each child place or unit (bars) and its satisfaction (line). */
export function childrenOption(rows: ChildRowT[], n: Names): ChartOption {
  const list = [...rows].sort((a, b) => b.volume - a.volume).slice(0, 20);
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: list.map((r) => r.name), axisLabel: { interval: 0, rotate: list.length > 6 ? 30 : 0, fontSize: 10 } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: n.volume, data: list.map((r) => r.volume), itemStyle: { color: '#13c2c2' } },
      { type: 'line', name: n.satisfaction, yAxisIndex: 1, data: list.map((r) => pct1(r.rates.satisfaction)), itemStyle: { color: '#eb2f96' } },
    ],
  };
}

export function childrenData(rows: ChildRowT[], n: Names & { response: string; resolution: string; score: string }): TableData {
  return {
    columns: ['', n.volume, `${n.response} %`, `${n.resolution} %`, `${n.satisfaction} %`, n.score],
    rows: rows.map((r) => [r.name, r.volume, pct1(r.rates.response), pct1(r.rates.resolution), pct1(r.rates.satisfaction), r.score]),
  };
}

/** The commonest categories as horizontal bars coloured by kind. */
export function categoriesOption(list: Overview['topCategories']): ChartOption {
  const top = list.slice(0, 10);
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: top.map((c) => c.name) },
    series: [{ type: 'bar', data: top.map((c) => ({ value: c.count, itemStyle: { color: KIND_COLORS[c.kind] ?? '#1677ff' } })), label: { show: true, position: 'right' } }],
  };
}

export function categoriesData(list: Overview['topCategories'], n: Names): TableData {
  return { columns: ['', n.volume, '%'], rows: list.map((c) => [c.name, c.count, pct1(c.share)]) };
}

/** Orders by status as bars. */
export function statusOption(rows: { status: string; count: number }[], name: (s: string) => string): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => name(r.status)), axisLabel: { interval: 0, rotate: 30, fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#1677ff' } }],
  };
}
