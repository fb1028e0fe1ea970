import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** The 五亮 disclosure items, each judged complete, clear and timely (the seed's spot check). */
export const WULIANG_ITEMS = ['亮职责', '亮身份', '亮承诺', '亮标准', '亮结果'] as const;
export const WULIANG_CRITERIA = ['全面', '清晰', '及时'] as const;

/** Inspection checklist templates (items × criteria with weights), with the ready 五亮 template. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('inspection_templates'))
      .addColumn('code', 'text', (c) => c.unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await e
      .withId(db.schema.createTable('inspection_template_items'))
      .addColumn('template_id', 'bigint', (c) => c.notNull().references('inspection_templates.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('criterion', 'text', (c) => c.notNull())
      .addColumn('weight', 'integer', (c) => c.notNull())
      .execute();
    // A template's check points in order.
    await db.schema
      .createIndex('inspection_template_items_template')
      .on('inspection_template_items')
      .columns(['template_id', 'position'])
      .execute();

    const now = Date.now();
    const t = await db
      .insertInto('inspection_templates')
      .values({
        code: 'wuliang',
        name: '物业“五亮”公示检查',
        description: '亮职责、亮身份、亮承诺、亮标准、亮结果，逐项检查公示内容是否全面、清晰、及时',
        created_by: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let position = 0;
    await db
      .insertInto('inspection_template_items')
      .values(
        WULIANG_ITEMS.flatMap((item) =>
          WULIANG_CRITERIA.map((criterion) => ({ template_id: Number(t.id), position: ++position, item, criterion, weight: 1 })),
        ),
      )
      .execute();
  },
});
