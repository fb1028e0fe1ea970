/** The administrator's domain: what other domains may call — the audit trail's writer, so every staff change lands in the one trail. */
export { recordAudit, type AuditEntryInput } from './commands/record-audit';
