/** The evaluation section of the console: its menu group and pages (lazy). */
import { FundOutlined } from '@ant-design/icons';
import type { Section } from './types';

export const evaluationSection: Section = {
  key: 'evaluation',
  label: ['考核评价', 'Evaluation'],
  icon: <FundOutlined />,
  roles: ['supervisor', 'admin'],
  items: [],
  route: () => null,
};
