import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { placeIndexes, withPlace } from './0060_fieldwork_attachments';

/** Patrol teams (e.g. 楼栋环境监督员) and their members. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await withPlace(e.withId(db.schema.createTable('patrol_teams')))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await placeIndexes(db, 'patrol_teams');
    await db.schema
      .createTable('patrol_team_members')
      .addColumn('team_id', 'bigint', (c) => c.notNull().references('patrol_teams.id'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('role', 'text', (c) => c.notNull()) // leader | member
      .addPrimaryKeyConstraint('patrol_team_members_pk', ['team_id', 'user_id'])
      .execute();
  },
});
