/** The evaluation section of the console: its menu group and pages (lazy). */
import { lazy } from 'react';
import { FundOutlined } from '@ant-design/icons';
import type { Section } from './types';

const DashboardPage = lazy(() => import('../pages/evaluation/DashboardPage'));
const RatesPage = lazy(() => import('../pages/evaluation/RatesPage'));
const RankingPage = lazy(() => import('../pages/evaluation/RankingPage'));
const PortraitPage = lazy(() => import('../pages/evaluation/PortraitPage'));
const BigScreen = lazy(() => import('../pages/evaluation/BigScreen'));

export const evaluationSection: Section = {
  key: 'evaluation',
  label: ['考核评价', 'Evaluation'],
  icon: <FundOutlined />,
  roles: ['supervisor', 'admin', 'dispatcher'],
  items: [
    { path: '/evaluation/dashboard', label: ['数据看板', 'Dashboards'] },
    { path: '/evaluation/rates', label: ['考评指标', 'Evaluation rates'], roles: ['supervisor', 'admin'] },
    { path: '/evaluation/ranking', label: ['排名与红黑榜', 'Rankings'], roles: ['supervisor', 'admin'] },
    { path: '/evaluation/portrait', label: ['问题画像', 'Problem portrait'] },
    { path: '/bigscreen', label: ['指挥大屏', 'Big screen'] },
  ],
  route(path) {
    switch (path) {
      case '/evaluation':
      case '/evaluation/dashboard':
        return <DashboardPage />;
      case '/evaluation/rates':
        return <RatesPage />;
      case '/evaluation/ranking':
        return <RankingPage />;
      case '/evaluation/portrait':
        return <PortraitPage />;
      case '/bigscreen':
        return <BigScreen />;
      default:
        return null;
    }
  },
};
