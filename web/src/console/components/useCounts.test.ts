import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../../../common/lifecycle';
import { countFromSummary, type CountsSummary } from './useCounts';

const byStatus = STATUSES.map((status, i) => ({ status, count: (i + 1) * 10 }));
const n = (s: string) => byStatus.find((x) => x.status === s)!.count;
const summary: CountsSummary = {
  asOf: '2026-11-16T01:00:00.000Z',
  today: '2026-11-16',
  byStatus,
  total: byStatus.reduce((a, b) => a + b.count, 0),
  open: 0,
  overdue: 7,
  dueToday: 3,
  supervised: 5,
  awaitingCallback: n('callback'),
  awaitingRating: n('replied') + n('callback') + n('judging'),
};

describe('counts read off the summary', () => {
  it('sums the statuses of a status-only set, whatever its sort', () => {
    expect(countFromSummary({ status: ['received'], sort: 'received_at' }, summary)).toBe(n('received'));
    expect(countFromSummary({ status: ['replied', 'callback', 'judging'], sort: '-updated_at' }, summary)).toBe(summary.awaitingRating);
    expect(countFromSummary({}, summary)).toBe(summary.total);
  });

  it('knows the overdue and supervised queues as the home pages ask for them', () => {
    expect(countFromSummary({ overdue: true, status: ['dispatched', 'handling', 'return_requested'] }, summary)).toBe(7);
    expect(countFromSummary({ supervised: true, status: ['dispatched', 'handling', 'return_requested', 'replied'] }, summary)).toBe(5);
  });

  it('leaves to a list request what it cannot say', () => {
    expect(countFromSummary({ overdue: true, status: ['handling'] }, summary)).toBeUndefined();
    expect(countFromSummary({ overdue: false, status: ['handling'] }, summary)).toBeUndefined();
    expect(countFromSummary({ overdue: true, supervised: true, status: ['handling'] }, summary)).toBeUndefined();
    expect(countFromSummary({ status: ['handling'], placeId: 3 }, summary)).toBeUndefined();
    expect(countFromSummary({ channel: 'hotline' }, summary)).toBeUndefined();
    expect(countFromSummary({ status: ['no_such_status'] }, summary)).toBeUndefined();
  });
});
