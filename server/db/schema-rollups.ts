/** Tables for rollups and scores maintained for evaluation and dashboards; merged into Database in schema.ts. */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RollupsTables {}
