/** Tables for patrols, campaigns, facilities, visits, consultations, projects, disclosure boards (supervision); merged into Database in schema.ts. */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FieldworkTables {}
