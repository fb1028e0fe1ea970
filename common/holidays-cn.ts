// China's public-holiday calendar for 2025 and 2026, copied from the State Council notices:
//   - 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）
//   - 国务院办公厅关于2026年部分节假日安排的通知（published November 2025）
// Every day off is listed as 'holiday', including days that fall on a weekend (redundant for the
// Mon–Fri rule, but it keeps this list a faithful copy of the notice); make-up working days
// (调休上班, always weekend days) are listed as 'workday'.
//
// This is seed data, not logic: an administrator can edit the holiday calendar in the product
// (e.g. to add the next year once its notice is published, usually in November). Years not
// listed here fall back to the plain Mon–Fri rule.

import type { DayKind } from './calendar';

export interface HolidayEntry {
  date: string;
  kind: DayKind;
  name: string;
}

export const CN_HOLIDAYS: ReadonlyArray<HolidayEntry> = [
  // ---- 2025 ----
  // 元旦：1月1日（周三）放假1天，不调休。
  { date: '2025-01-01', kind: 'holiday', name: '元旦' },
  // 春节：1月28日（农历除夕、周二）至2月4日（周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
  { date: '2025-01-26', kind: 'workday', name: '春节调休上班' },
  { date: '2025-01-28', kind: 'holiday', name: '春节' },
  { date: '2025-01-29', kind: 'holiday', name: '春节' },
  { date: '2025-01-30', kind: 'holiday', name: '春节' },
  { date: '2025-01-31', kind: 'holiday', name: '春节' },
  { date: '2025-02-01', kind: 'holiday', name: '春节' },
  { date: '2025-02-02', kind: 'holiday', name: '春节' },
  { date: '2025-02-03', kind: 'holiday', name: '春节' },
  { date: '2025-02-04', kind: 'holiday', name: '春节' },
  { date: '2025-02-08', kind: 'workday', name: '春节调休上班' },
  // 清明节：4月4日（周五）至6日（周日）放假，共3天。
  { date: '2025-04-04', kind: 'holiday', name: '清明节' },
  { date: '2025-04-05', kind: 'holiday', name: '清明节' },
  { date: '2025-04-06', kind: 'holiday', name: '清明节' },
  // 劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
  { date: '2025-04-27', kind: 'workday', name: '劳动节调休上班' },
  { date: '2025-05-01', kind: 'holiday', name: '劳动节' },
  { date: '2025-05-02', kind: 'holiday', name: '劳动节' },
  { date: '2025-05-03', kind: 'holiday', name: '劳动节' },
  { date: '2025-05-04', kind: 'holiday', name: '劳动节' },
  { date: '2025-05-05', kind: 'holiday', name: '劳动节' },
  // 端午节：5月31日（周六）至6月2日（周一）放假，共3天。
  { date: '2025-05-31', kind: 'holiday', name: '端午节' },
  { date: '2025-06-01', kind: 'holiday', name: '端午节' },
  { date: '2025-06-02', kind: 'holiday', name: '端午节' },
  // 国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
  { date: '2025-09-28', kind: 'workday', name: '国庆节、中秋节调休上班' },
  { date: '2025-10-01', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-02', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-03', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-04', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-05', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-06', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-07', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-08', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-11', kind: 'workday', name: '国庆节、中秋节调休上班' },

  // ---- 2026 ----
  // 元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
  { date: '2026-01-01', kind: 'holiday', name: '元旦' },
  { date: '2026-01-02', kind: 'holiday', name: '元旦' },
  { date: '2026-01-03', kind: 'holiday', name: '元旦' },
  { date: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
  // 春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
  { date: '2026-02-14', kind: 'workday', name: '春节调休上班' },
  { date: '2026-02-15', kind: 'holiday', name: '春节' },
  { date: '2026-02-16', kind: 'holiday', name: '春节' },
  { date: '2026-02-17', kind: 'holiday', name: '春节' },
  { date: '2026-02-18', kind: 'holiday', name: '春节' },
  { date: '2026-02-19', kind: 'holiday', name: '春节' },
  { date: '2026-02-20', kind: 'holiday', name: '春节' },
  { date: '2026-02-21', kind: 'holiday', name: '春节' },
  { date: '2026-02-22', kind: 'holiday', name: '春节' },
  { date: '2026-02-23', kind: 'holiday', name: '春节' },
  { date: '2026-02-28', kind: 'workday', name: '春节调休上班' },
  // 清明节：4月4日（周六）至6日（周一）放假，共3天。
  { date: '2026-04-04', kind: 'holiday', name: '清明节' },
  { date: '2026-04-05', kind: 'holiday', name: '清明节' },
  { date: '2026-04-06', kind: 'holiday', name: '清明节' },
  // 劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
  { date: '2026-05-01', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-02', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-03', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-04', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-05', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-09', kind: 'workday', name: '劳动节调休上班' },
  // 端午节：6月19日（周五）至21日（周日）放假，共3天。
  { date: '2026-06-19', kind: 'holiday', name: '端午节' },
  { date: '2026-06-20', kind: 'holiday', name: '端午节' },
  { date: '2026-06-21', kind: 'holiday', name: '端午节' },
  // 中秋节：9月25日（周五）至27日（周日）放假，共3天。
  { date: '2026-09-25', kind: 'holiday', name: '中秋节' },
  { date: '2026-09-26', kind: 'holiday', name: '中秋节' },
  { date: '2026-09-27', kind: 'holiday', name: '中秋节' },
  // 国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
  { date: '2026-09-20', kind: 'workday', name: '国庆节调休上班' },
  { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-03', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-04', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-05', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-06', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-07', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
];
