import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  CLOCK_STATUSES,
  OPEN_STATUSES,
  STATUSES,
  TRANSITIONS,
  allowedActions,
  isGranted,
  isLegal,
  roleMayTake,
  transitionOf,
  type Action,
  type OrderState,
  type Status,
} from './lifecycle';
import type { Actor, Role } from './roles';

const NOW = Date.parse('2026-11-16T01:00:00Z');
const HOUR = 3600_000;

const LEAD_UNIT = 10;
const CO_UNIT = 11;
const OTHER_UNIT = 12;
const REPORTER = 100;

function order(status: Status, over: Partial<OrderState> = {}): OrderState {
  const assigned = !['received'].includes(status);
  return {
    status,
    leadUnitId: assigned ? LEAD_UNIT : null,
    unitIds: assigned ? [LEAD_UNIT, CO_UNIT] : [],
    reporterUserId: REPORTER,
    contactedAt: null,
    resolutionDueAt: assigned ? NOW + 48 * HOUR : null,
    extensionRequestedUntil: null,
    verifyPending: false,
    ...over,
  };
}

function actor(role: Role, over: Partial<Actor> = {}): Actor {
  return { id: 1, role, name: role, unitId: null, placeId: null, ...over };
}

const dispatcher = actor('dispatcher', { placeId: 1 });
const supervisor = actor('supervisor', { placeId: 1 });
const admin = actor('admin');
const inspector = actor('inspector', { placeId: 1 });
const lead = actor('handler', { id: 5, unitId: LEAD_UNIT });
const co = actor('handler', { id: 6, unitId: CO_UNIT });
const stranger = actor('handler', { id: 7, unitId: OTHER_UNIT });
const reporter = actor('resident', { id: REPORTER });
const otherResident = actor('resident', { id: REPORTER + 1 });

const sorted = (a: readonly string[]) => [...a].sort();

describe('the transition table', () => {
  it('has exactly one row per action, and nothing else', () => {
    expect(sorted(TRANSITIONS.map((t) => t.action))).toEqual(sorted(ACTIONS));
    expect(new Set(TRANSITIONS.map((t) => t.action)).size).toBe(ACTIONS.length);
    for (const a of ACTIONS) expect(transitionOf(a).action).toBe(a);
    expect(() => transitionOf('fly' as Action)).toThrow('no transition for fly');
  });

  it('names only real statuses, with no duplicates', () => {
    for (const t of TRANSITIONS) {
      if (t.from !== 'any') {
        expect(t.from.length, t.action).toBeGreaterThan(0);
        expect(new Set(t.from).size, t.action).toBe(t.from.length);
        for (const s of t.from) expect(STATUSES, `${t.action} from ${s}`).toContain(s);
      }
      if (t.to !== 'same') for (const s of t.to) expect(STATUSES, `${t.action} to ${s}`).toContain(s);
      expect(t.grants.length, t.action).toBeGreaterThan(0);
    }
  });

  it('lets every open status move on, and leaves cancelled and merged orders only to notes', () => {
    for (const s of OPEN_STATUSES) {
      const moves = TRANSITIONS.filter((t) => t.to !== 'same' && t.from !== 'any' && t.from.includes(s));
      expect(moves.length, s).toBeGreaterThan(0);
    }
    for (const s of ['cancelled', 'merged'] as const) {
      expect(TRANSITIONS.filter((t) => t.from === 'any' || t.from.includes(s)).map((t) => t.action)).toEqual(['comment']);
    }
    // A unit's clocks run only while it holds the order and has not answered.
    expect(sorted(CLOCK_STATUSES)).toEqual(['dispatched', 'handling', 'return_requested']);
  });

  it('maps each transition to the statuses DOMAIN.md §3 names', () => {
    const edges = Object.fromEntries(TRANSITIONS.map((t) => [t.action, { from: t.from, to: t.to }]));
    expect(edges).toEqual({
      dispatch: { from: ['received'], to: ['dispatched'] },
      answer_directly: { from: ['received'], to: ['closed'] },
      accept: { from: ['dispatched'], to: ['handling'] },
      request_return: { from: ['dispatched', 'handling'], to: ['return_requested'] },
      approve_return: { from: ['return_requested'], to: ['received'] },
      reject_return: { from: ['return_requested'], to: ['handling'] },
      contact: { from: ['handling'], to: 'same' },
      request_extension: { from: ['handling'], to: 'same' },
      approve_extension: { from: ['handling'], to: 'same' },
      reject_extension: { from: ['handling'], to: 'same' },
      urge: { from: ['dispatched', 'handling', 'return_requested', 'replied'], to: 'same' },
      supervise: { from: ['dispatched', 'handling'], to: 'same' },
      reply: { from: ['handling'], to: ['replied'] },
      approve_reply: { from: ['replied'], to: ['callback'] },
      reject_reply: { from: ['replied'], to: ['handling'] },
      rate: { from: ['callback'], to: ['closed', 'judging'] },
      redo: { from: ['judging'], to: ['handling'] },
      close: { from: ['judging', 'callback'], to: ['closed'] },
      cancel: { from: ['received', 'dispatched'], to: ['cancelled'] },
      merge: { from: ['received', 'dispatched', 'handling'], to: ['merged'] },
      transfer: { from: ['dispatched', 'handling'], to: ['dispatched'] },
      reverify: { from: ['closed'], to: ['closed', 'handling'] },
      comment: { from: 'any', to: 'same' },
    });
  });
});

describe('allowedActions', () => {
  it('gives the dispatcher dispatch, direct answer, cancel, merge and a note on a received order', () => {
    expect(allowedActions(order('received'), dispatcher, NOW)).toEqual(['dispatch', 'answer_directly', 'cancel', 'merge', 'comment']);
  });

  it('gives the lead handler sign-off and return on a dispatched order; the co-unit only a note', () => {
    expect(allowedActions(order('dispatched'), lead, NOW)).toEqual(['accept', 'request_return', 'comment']);
    expect(allowedActions(order('dispatched'), co, NOW)).toEqual(['comment']);
    expect(allowedActions(order('dispatched'), stranger, NOW)).toEqual([]);
    expect(allowedActions(order('dispatched'), dispatcher, NOW)).toEqual(['urge', 'cancel', 'merge', 'transfer', 'comment']);
    expect(allowedActions(order('dispatched'), supervisor, NOW)).toEqual(['urge', 'supervise', 'cancel', 'merge', 'transfer', 'comment']);
  });

  it('offers contact once, and an extension only before due and only one at a time', () => {
    const handling = order('handling');
    expect(allowedActions(handling, lead, NOW)).toEqual(['request_return', 'contact', 'request_extension', 'reply', 'comment']);
    expect(allowedActions({ ...handling, contactedAt: NOW - HOUR }, lead, NOW)).toEqual(['request_return', 'request_extension', 'reply', 'comment']);
    // At the deadline itself the request is too late.
    expect(allowedActions(handling, lead, handling.resolutionDueAt!)).toEqual(['request_return', 'contact', 'reply', 'comment']);
    expect(allowedActions(handling, lead, handling.resolutionDueAt! - 1)).toContain('request_extension');
    const pending = { ...handling, extensionRequestedUntil: NOW + 96 * HOUR };
    expect(allowedActions(pending, lead, NOW)).toEqual(['request_return', 'contact', 'reply', 'comment']);
    expect(allowedActions(pending, supervisor, NOW)).toEqual(['approve_extension', 'reject_extension', 'urge', 'supervise', 'merge', 'transfer', 'comment']);
    expect(allowedActions(handling, supervisor, NOW)).toEqual(['urge', 'supervise', 'merge', 'transfer', 'comment']);
  });

  it('lets only supervisors rule on returns, replies and redo', () => {
    expect(allowedActions(order('return_requested'), supervisor, NOW)).toEqual(['approve_return', 'reject_return', 'urge', 'comment']);
    expect(allowedActions(order('return_requested'), dispatcher, NOW)).toEqual(['urge', 'comment']);
    expect(allowedActions(order('replied'), supervisor, NOW)).toEqual(['urge', 'approve_reply', 'reject_reply', 'comment']);
    expect(allowedActions(order('replied'), lead, NOW)).toEqual(['comment']);
    expect(allowedActions(order('judging'), supervisor, NOW)).toEqual(['redo', 'close', 'comment']);
    expect(allowedActions(order('judging'), dispatcher, NOW)).toEqual(['close', 'comment']);
    expect(allowedActions(order('judging'), admin, NOW)).toEqual(['redo', 'close', 'comment']);
  });

  it('lets the reporter rate and cancel their own order, and nobody else’s', () => {
    expect(allowedActions(order('callback'), reporter, NOW)).toEqual(['rate', 'comment']);
    expect(allowedActions(order('callback'), otherResident, NOW)).toEqual([]);
    expect(allowedActions(order('received'), reporter, NOW)).toEqual(['cancel', 'comment']);
    expect(allowedActions(order('handling'), reporter, NOW)).toEqual(['comment']);
    expect(allowedActions(order('callback', { reporterUserId: null }), reporter, NOW)).toEqual([]);
  });

  it('offers re-verification only on a sampled closed order', () => {
    expect(allowedActions(order('closed'), dispatcher, NOW)).toEqual(['comment']);
    expect(allowedActions(order('closed', { verifyPending: true }), dispatcher, NOW)).toEqual(['reverify', 'comment']);
    expect(allowedActions(order('closed', { verifyPending: true }), lead, NOW)).toEqual(['comment']);
  });

  it('lets inspectors only write notes', () => {
    for (const s of STATUSES) expect(allowedActions(order(s), inspector, NOW), s).toEqual(['comment']);
  });

  it('gives a handler without a unit nothing, even on an order with no lead', () => {
    const unitless = actor('handler', { id: 8, unitId: null });
    for (const s of STATUSES) expect(allowedActions(order(s, { leadUnitId: null, unitIds: [] }), unitless, NOW), s).toEqual([]);
  });

  it('knows which roles may ever take an action (the bulk endpoint refuses the others up front)', () => {
    expect(roleMayTake(transitionOf('urge'), 'dispatcher')).toBe(true);
    expect(roleMayTake(transitionOf('supervise'), 'dispatcher')).toBe(false);
    expect(roleMayTake(transitionOf('approve_reply'), 'supervisor')).toBe(true);
    expect(roleMayTake(transitionOf('rate'), 'resident')).toBe(true);
    expect(roleMayTake(transitionOf('urge'), 'handler')).toBe(false);
    expect(roleMayTake(transitionOf('comment'), 'merchant')).toBe(false);
  });

  it('agrees with isLegal and isGranted for every action, status and actor', () => {
    const actors = [dispatcher, supervisor, admin, inspector, lead, co, stranger, reporter, otherResident];
    for (const s of STATUSES) {
      const o = order(s);
      for (const a of actors) {
        const expected = TRANSITIONS.filter((t) => isLegal(t, o, NOW) && isGranted(t, a, o)).map((t) => t.action);
        expect(allowedActions(o, a, NOW)).toEqual(expected);
      }
    }
  });
});
