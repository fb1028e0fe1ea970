import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { placeIndexes, withPlace } from './0060_fieldwork_attachments';

/** Livelihood projects (民生项目): targets, progress figures and the problems they solve. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await withPlace(e.withId(db.schema.createTable('projects')))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('starts_at', 'bigint')
      .addColumn('due_at', 'bigint')
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await placeIndexes(db, 'projects');
    await e
      .withId(db.schema.createTable('project_targets'))
      .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
      .addColumn('name', 'text', (c) => c.notNull()) // 装表
      .addColumn('unit_label', 'text', (c) => c.notNull()) // 户, 米, 台, ㎡
      .addColumn('target', 'double precision', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('project_targets_project').on('project_targets').columns(['project_id']).execute();
    await e
      .withId(db.schema.createTable('project_progress'))
      .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
      .addColumn('target_id', 'bigint', (c) => c.notNull().references('project_targets.id'))
      .addColumn('amount', 'double precision', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('recorded_by', 'bigint', (c) => c.notNull().references('users.id'))
      .execute();
    await db.schema.createIndex('project_progress_project').on('project_progress').columns(['project_id', 'id']).execute();
    await db.schema
      .createTable('project_problems')
      .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
      .addColumn('problem_id', 'bigint', (c) => c.notNull().references('problems.id'))
      .addPrimaryKeyConstraint('project_problems_pk', ['project_id', 'problem_id'])
      .execute();
    await db.schema.createIndex('project_problems_problem').on('project_problems').columns(['problem_id']).execute();
  },
});
