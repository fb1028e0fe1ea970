/** Tables for smart intake beyond the first model tables; merged into Database in schema.ts. */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IntakeTables {}
