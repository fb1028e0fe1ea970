/**
 * Orders by status as a bar chart (Apache ECharts, only the bar chart, grid and tooltip are
 * registered). Loaded lazily: the console's first screen does not pay for ECharts.
 */
import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CHANNELS, OPEN_STATUSES, STATUSES } from '../../../../common/lifecycle';
import { listOrders } from '../../lib/data';
import { useI18n } from '../../lib/i18n';
import { CHANNEL_NAMES, nameOf, statusName } from '../../lib/labels';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

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

function useChart(option: echarts.EChartsCoreOption | null, label: string) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current || !option) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.setOption(option);
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [option]);
  return { ref, role: 'img', 'aria-label': label };
}

/** Counts per status (only the open ones with `open`), from one cheap list request each. */
export default function StatusChart({ height = 240, open = false }: { height?: number; open?: boolean }) {
  const { t, lang } = useI18n();
  const [counts, setCounts] = useState<number[] | null>(null);
  const statuses = open ? OPEN_STATUSES : STATUSES;
  useEffect(() => {
    let live = true;
    Promise.all(statuses.map((s) => listOrders({ status: [s] }, 1, 1).then((r) => r.total, () => 0)))
      .then((c) => live && setCounts(c))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [statuses]);
  const option: echarts.EChartsCoreOption | null = counts
    ? {
        animation: false,
        grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: statuses.map((s) => statusName(s, lang)), axisLabel: { interval: 0, fontSize: 10, rotate: 30 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: statuses.map((s, i) => ({ value: counts[i], itemStyle: { color: COLORS[s] } })) }],
      }
    : null;
  const title = open ? t('stats.openByStatus') : t('stats.byStatus');
  const label = counts ? `${title}: ${statuses.map((s, i) => `${statusName(s, lang)} ${counts[i]}`).join(', ')}` : title;
  const chart = useChart(option, label);
  return <div {...chart} style={{ width: '100%', height }} />;
}

/** Counts per intake channel as a pie. */
export function ChannelChart({ height = 280 }: { height?: number }) {
  const { t, lang } = useI18n();
  const [counts, setCounts] = useState<number[] | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all(CHANNELS.map((c) => listOrders({ channel: c }, 1, 1).then((r) => r.total, () => 0)))
      .then((c) => live && setCounts(c))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const option: echarts.EChartsCoreOption | null = counts
    ? {
        animation: false,
        tooltip: { trigger: 'item' },
        legend: { bottom: 0, type: 'plain' },
        series: [
          {
            type: 'pie',
            radius: ['35%', '65%'],
            data: CHANNELS.map((c, i) => ({ name: nameOf(CHANNEL_NAMES, c, lang), value: counts[i] })).filter((d) => d.value > 0),
          },
        ],
      }
    : null;
  const chart = useChart(option, t('stats.byChannel'));
  return <div {...chart} style={{ width: '100%', height }} />;
}
