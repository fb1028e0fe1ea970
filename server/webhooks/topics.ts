/**
 * Which outbox topics a hook takes. Topics are 'order.<action>' (order.dispatch, order.close,
 * order.overdue…); a hook names exact topics, prefixes ending in '.*' (order.*) or '*' for all.
 */

const PATTERN = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/;

/** Whether a topic pattern is well formed. */
export function isTopicPattern(p: string): boolean {
  return p.length <= 100 && PATTERN.test(p);
}

/** Whether any of the patterns takes the topic. */
export function topicMatches(patterns: readonly string[], topic: string): boolean {
  return patterns.some((p) => p === '*' || p === topic || (p.endsWith('.*') && topic.startsWith(p.slice(0, -1))));
}

/** The stored form (space-separated, deduplicated) and back. */
export function joinTopics(patterns: readonly string[]): string {
  return [...new Set(patterns.map((p) => p.trim()))].join(' ');
}
export function splitTopics(stored: string): string[] {
  return stored.split(/\s+/).filter(Boolean);
}
