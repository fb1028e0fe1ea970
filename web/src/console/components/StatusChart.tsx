/**
 * Every ECharts chart of the console lives behind this one module (bar, line and pie charts with
 * grid, tooltip, legend and title are registered from `echarts/core`, nothing else). It is only
 * ever loaded lazily, so ECharts stays in the one chunk named after this file: the first screen
 * does not pay for it, and the bundle-size test can tell it apart. Pages use `Chart` for their
 * own options; the status and channel charts of the home and stats pages are defined here.
 */
import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CHANNELS, OPEN_STATUSES, STATUSES } from '../../../../common/lifecycle';
import { useI18n } from '../../lib/i18n';
import { CHANNEL_NAMES, nameOf, statusName } from '../../lib/labels';
import { useCountsState } from './useCounts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
export type ChartInstance = echarts.ECharts;

const COLORS: Record<string, string> = {
  received: '#faad14',
  dispatched: '#fa8c16',
  return_requested: '#fa541c',
  handling: '#1677ff',
  replied: '#13c2c2',
  callback: '#722ed1',
  judging: '#eb2f96',
  closed: '#52c41a',
  cancelled: '#bfbfbf',
  merged: '#d9d9d9',
};

/**
 * One chart: an `img` with a text label (what a screen reader hears), resized with its box.
 * `onInstance` hands the live instance out (PNG export through getDataURL) and null on dispose.
 */
export function Chart({
  option,
  label,
  height = 280,
  dark = false,
  onInstance,
}: {
  option: ChartOption | null;
  label: string;
  height?: number | string;
  dark?: boolean;
  onInstance?: (chart: ChartInstance | null) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const hand = useRef(onInstance);
  hand.current = onInstance;
  useEffect(() => {
    if (!ref.current || !option) return;
    const chart = echarts.init(ref.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption(dark ? { backgroundColor: 'transparent', ...option } : option);
    hand.current?.(chart);
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      hand.current?.(null);
      chart.dispose();
    };
  }, [option, dark]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

const statusSets = (statuses: readonly string[]) => Object.fromEntries(statuses.map((s) => [s, { status: [s] }]));
const channelSets = Object.fromEntries(CHANNELS.map((c) => [c, { channel: c }]));

/** Counts per status (only the open ones with `open`). */
export default function StatusChart({ height = 240, open = false }: { height?: number; open?: boolean }) {
  const { t, lang } = useI18n();
  const statuses = open ? OPEN_STATUSES : STATUSES;
  const { counts, loaded: ready } = useCountsState(statusSets(statuses));
  const values = statuses.map((s) => counts[s] ?? 0);
  const key = JSON.stringify(values);
  const [option, setOption] = useState<ChartOption | null>(null);
  useEffect(() => {
    if (!ready) return;
    setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: statuses.map((s) => statusName(s, lang)), axisLabel: { interval: 0, fontSize: 10, rotate: 30 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: statuses.map((s, i) => ({ value: values[i], itemStyle: { color: COLORS[s] } })) }],
    });
    // `key` stands for the values.
  }, [ready, key, lang, statuses]);
  const title = open ? t('stats.openByStatus') : t('stats.byStatus');
  const label = ready ? `${title}: ${statuses.map((s, i) => `${statusName(s, lang)} ${values[i]}`).join(', ')}` : title;
  return <Chart option={option} label={label} height={height} />;
}

/** Counts per intake channel as a pie. */
export function ChannelChart({ height = 280 }: { height?: number }) {
  const { t, lang } = useI18n();
  const { counts, loaded: ready } = useCountsState(channelSets);
  const key = JSON.stringify(counts);
  const [option, setOption] = useState<ChartOption | null>(null);
  useEffect(() => {
    if (!ready) return;
    setOption({
      animation: false,
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'plain' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: CHANNELS.map((c) => ({ name: nameOf(CHANNEL_NAMES, c, lang), value: counts[c] ?? 0 })).filter((d) => d.value > 0),
        },
      ],
    });
  }, [ready, key, lang]);
  return <Chart option={option} label={t('stats.byChannel')} height={height} />;
}
