/**
 * The supervision API: problems (/api/problems), the ledger (/api/ledger, 台账 and 销号) and
 * inspections (/api/inspection-templates, /api/inspection-plans, /api/inspections). Thin routes
 * declared through defineRoutes (./route.ts): the policy, the schemas, one transaction around one
 * command, the presenter.
 */
import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '../../common/api';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { App } from '../http';
import { createLookBackPlan, createSamplePlan, createTemplate, recheckItem, recordInspection } from './commands/inspections';
import { addLedgerNote, createLedgerEntry, transitionLedgerEntry, updateLedgerEntry } from './commands/ledger';
import { addTask, completeTask, markSpecial, topicCandidates } from './commands/special';
import { createProblem, linkOrders, proposeOrders, pullUnsatisfiedOrders, unlinkOrder } from './commands/problems';
import { iso, presentChecks, presentEntry, presentEvents, presentNotes } from './present';
import {
  entryEvents,
  entryNotes,
  findTemplate,
  findVisibleEntry,
  findVisibleInspection,
  listInspections,
  findVisiblePlan,
  findVisibleProblem,
  inspectionChecks,
  ledgerQuery,
  listEntries,
  listPlans,
  listProblems,
  linkedAttachment,
  monthTopic,
  specialOf,
  listTemplates,
  problemOrders,
  templateItems,
} from './queries';
import {
  ActionParams,
  Any,
  CandidatesQuery,
  CreateEntryBody,
  CreatePlanBody,
  CreateProblemBody,
  CreateTemplateBody,
  ImportReportSchema,
  FileParams,
  ItemParams,
  LinkOrdersBody,
  ListLedgerQuery,
  ListInspectionsQuery,
  ListPlansQuery,
  ListProblemsQuery,
  MonthParams,
  NoteBody,
  OrderLinkParams,
  PullUnsatisfiedBody,
  RecheckBody,
  RecordBody,
  SpecialBody,
  TaskBody,
  TaskParams,
  TransitionBody,
  UpdateEntryBody,
} from './schema';
import { exportLedgerSheet, importLedgerSheet, readLedgerSheet } from './sheet';
import { fieldworkRoutes } from './fieldwork/routes';
import { defineRoutes } from './route';

const ms = (t: string | null | undefined) => (t === undefined ? undefined : t === null ? null : Date.parse(t));
type Actor = Parameters<typeof presentEntry>[0];

export function supervisionRoutes(app: App, ctx: AppContext) {
  // Boards, notices, facilities, patrols, campaigns, visits, consultations, projects.
  fieldworkRoutes(app, ctx);
  const problems = defineRoutes(app, ctx, 'problems');
  const ledger = defineRoutes(app, ctx, 'ledger');
  const inspections = defineRoutes(app, ctx, 'inspections');
  const inTransaction = problems.tx;
  const now = problems.now;

  /** Streams a photo found by `linkedAttachment` (404 when it is not linked there). */
  const sendFile = (reply: FastifyReply, a: { mime: string; storage_key: string } | undefined) => {
    if (!a) throw new AppError('not_found', 'attachmentId');
    reply.header('content-type', a.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
    return reply.send(fs.createReadStream(ctx.files.path(a.storage_key)));
  };

  /** An entry as the detail page shows it: fields, notes with photos, history. */
  const entryDetail = async (actor: Actor, id: number) => {
    const row = await ledgerQuery(ctx.db, actor, {}).where('le.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'id');
    return {
      ...presentEntry(actor, row),
      notes: presentNotes(id, await entryNotes(ctx.db, id)),
      events: presentEvents(await entryEvents(ctx.db, id)),
    };
  };

  const problemDetail = async (actor: Actor, id: number) => {
    const p = await findVisibleProblem(ctx.db, actor, id);
    const orders = await problemOrders(ctx.db, actor, id);
    const entries = await ledgerQuery(ctx.db, actor, { problemId: id }).orderBy('le.id').execute();
    return {
      id: p.id,
      title: p.title,
      description: p.description,
      placeId: p.place_id,
      categoryId: p.category_id,
      createdAt: iso(p.created_at),
      updatedAt: iso(p.updated_at),
      orders: orders.map((o) => ({
        id: o.id,
        number: o.number,
        title: o.title,
        status: o.status,
        satisfaction: o.rating_satisfaction,
        receivedAt: iso(o.received_at),
      })),
      entries: entries.map((e) => presentEntry(actor, e)),
      special: await specialOf(ctx.db, id),
    };
  };

  // ── problems ─────────────────────────────────────────────────────────
  problems.post(
    '/api/problems',
    { policy: 'problems.write', summary: 'Name a problem (治理问题) at a place, optionally linking orders', body: CreateProblemBody, created: true },
    async ({ actor, body }) => {
      const id = await inTransaction(async (tx) => {
        const p = await createProblem(tx, actor, now(), body);
        if (body.orderIds?.length) await linkOrders(tx, actor, now(), p.id, body.orderIds);
        return p.id;
      });
      return problemDetail(actor, id);
    },
  );

  problems.get('/api/problems', { policy: 'ledger.read', summary: 'Problems in your area', query: ListProblemsQuery }, async ({ actor, query }) => {
    const rows = await listProblems(ctx.db, actor, { ...query, limit: query.limit ?? 50, offset: query.offset ?? 0 });
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      placeId: r.place_id,
      placeName: r.place_name,
      categoryId: r.category_id,
      categoryName: r.category_name,
      orderCount: Number(r.order_count ?? 0),
      createdAt: iso(r.created_at),
    }));
  });

  problems.get(
    '/api/problems/:id',
    { policy: 'ledger.read', summary: 'A problem with its linked orders and ledger entries', params: IdParams },
    async ({ actor, params }) => problemDetail(actor, params.id),
  );

  problems.post(
    '/api/problems/:id/orders',
    { policy: 'problems.write', summary: 'Link orders you can see to the problem', params: IdParams, body: LinkOrdersBody },
    async ({ actor, params, body }) => {
      const added = await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, params.id);
        return linkOrders(tx, actor, now(), params.id, body.orderIds);
      });
      return { added, problem: await problemDetail(actor, params.id) };
    },
  );

  problems.delete(
    '/api/problems/:id/orders/:orderId',
    { policy: 'problems.write', summary: 'Unlink an order from the problem', params: OrderLinkParams, empty: true },
    async ({ actor, params }) => {
      await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, params.id);
        await unlinkOrder(tx, actor, now(), params.id, params.orderId);
      });
    },
  );

  problems.get(
    '/api/problems/:id/candidates',
    {
      policy: 'problems.write',
      summary: 'Orders that may belong to the problem: same compound, same category, similar text',
      params: IdParams,
      query: CandidatesQuery,
    },
    async ({ actor, params, query }) =>
      inTransaction(async (tx) => {
        const p = await findVisibleProblem(tx, actor, params.id);
        const rows = await proposeOrders(tx, actor, p, query.limit ?? 20);
        return rows.map((r) => ({
          id: r.id,
          number: r.number,
          title: r.title,
          status: r.status,
          categoryId: r.category_id,
          sameCategory: r.sameCategory,
          score: r.score,
          receivedAt: iso(r.received_at),
        }));
      }),
  );

  problems.post(
    '/api/problems/pull-unsatisfied',
    {
      policy: 'ledger.write',
      summary: 'Pull the 不满意 orders received in [from, to) into problems and ledger entries by compound × category (idempotent)',
      body: PullUnsatisfiedBody,
    },
    async ({ actor, body }) => {
      const from = Date.parse(body.from);
      const to = Date.parse(body.to);
      if (!(from < to)) throw new AppError('validation', 'to', { zh: '结束时间应晚于开始时间', en: 'to must be after from' });
      return inTransaction((tx) => pullUnsatisfiedOrders(tx, actor, now(), { from, to }));
    },
  );

  // ── special supervision (专项督办, 每月一题) ──────────────────────────
  problems.post(
    '/api/problems/:id/special',
    {
      policy: 'ledger.write',
      summary: 'Put a problem under special supervision (专项督办) with a lead department; a month makes it that month’s topic',
      params: IdParams,
      body: SpecialBody,
      created: true,
    },
    async ({ actor, params, body }) => {
      await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, params.id);
        await markSpecial(tx, actor, now(), params.id, body);
      });
      return problemDetail(actor, params.id);
    },
  );

  problems.post(
    '/api/problems/:id/tasks',
    { policy: 'ledger.write', summary: 'Add a task with a unit and a deadline to a specially supervised problem', params: IdParams, body: TaskBody, created: true },
    async ({ actor, params, body }) => {
      await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, params.id);
        await addTask(tx, actor, now(), params.id, { ...body, deadline: Date.parse(body.deadline) });
      });
      return problemDetail(actor, params.id);
    },
  );

  problems.post(
    '/api/problems/:id/tasks/:taskId/done',
    { policy: 'ledger.progress', summary: 'Mark a task done', params: TaskParams },
    async ({ actor, params }) => {
      await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, params.id);
        const special = await specialOf(tx, params.id);
        if (!special?.tasks.some((t) => t.id === params.taskId)) throw new AppError('not_found', 'taskId');
        await completeTask(tx, actor, now(), params.id, params.taskId);
      });
      return problemDetail(actor, params.id);
    },
  );

  problems.get(
    '/api/monthly-topics/:month',
    { policy: 'ledger.read', summary: '每月一题: the month’s themes and problems with their tasks and progress', params: MonthParams },
    async ({ actor, params }) => ({ month: params.month, ...(await monthTopic(ctx.db, actor, params.month)) }),
  );

  problems.get(
    '/api/monthly-topics/:month/candidates',
    {
      policy: 'ledger.write',
      summary: 'Candidates for the month’s topic: place × category pairs whose orders recur in each of the last 3 months',
      params: MonthParams,
    },
    async ({ actor, params }) => inTransaction((tx) => topicCandidates(tx, actor, params.month)),
  );

  // ── ledger ───────────────────────────────────────────────────────────
  ledger.post(
    '/api/ledger',
    { policy: 'ledger.write', summary: 'Open a ledger entry (台账)', body: CreateEntryBody, created: true },
    async ({ actor, body }) => {
      const row = await inTransaction((tx) => createLedgerEntry(tx, actor, now(), { ...body, deadline: ms(body.deadline) }));
      return entryDetail(actor, row.id);
    },
  );

  ledger.get(
    '/api/ledger',
    { policy: 'ledger.read', summary: 'Ledger entries in your area (or of your unit)', query: ListLedgerQuery },
    async ({ actor, query }) => {
      const { rows, total } = await listEntries(ctx.db, actor, { ...query, limit: query.limit ?? 50, offset: query.offset ?? 0 });
      return { total, rows: rows.map((r) => presentEntry(actor, r)) };
    },
  );

  for (const format of ['xlsx', 'csv'] as const) {
    ledger.get(
      `/api/ledger/export.${format}`,
      { policy: 'ledger.read', summary: `Export the ledger you see (${format}); the import reads the same layout`, query: ListLedgerQuery, raw: true },
      async ({ actor, query, reply }) => {
        const { limit: _l, offset: _o, ...filters } = query;
        const body = await exportLedgerSheet(ctx.db, actor, filters, format);
        const stamp = new Date(now() + 8 * 3600_000).toISOString().slice(0, 10);
        reply
          .header('content-type', format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="ledger-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(`整改台账-${stamp}.${format}`)}`,
          );
        return reply.send(body as never);
      },
    );
  }

  ledger.post(
    '/api/ledger/import',
    {
      policy: 'ledger.write',
      summary: 'Import ledger entries (multipart field "file", .xlsx or .csv) with a row-by-row error report',
      consumes: ['multipart/form-data'],
      returns: ImportReportSchema,
    },
    async ({ actor, req }) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media', 'file');
      const file = await req.file({ limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
      if (!file) throw new AppError('validation', 'file', { zh: '缺少文件', en: 'no file' });
      const bytes = await file.toBuffer();
      if (file.file.truncated) throw new AppError('payload_too_large', 'file');
      const isZip = bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004';
      const format = isZip ? 'xlsx' : !bytes.includes(0) ? 'csv' : null;
      if (!format) throw new AppError('unsupported_media', 'file', { zh: '仅支持 .xlsx 或 .csv', en: '.xlsx or .csv only' });
      let rows;
      try {
        rows = await readLedgerSheet(bytes, format);
      } catch {
        throw new AppError('validation', 'file', { zh: '无法读取文件', en: 'the file cannot be read' });
      }
      return importLedgerSheet(ctx.db, actor, now(), rows);
    },
  );

  ledger.get(
    '/api/ledger/:id',
    { policy: 'ledger.read', summary: 'A ledger entry with its progress notes and history', params: IdParams },
    async ({ actor, params }) => entryDetail(actor, params.id),
  );

  ledger.get(
    '/api/ledger/:id/attachments/:attachmentId',
    { policy: 'ledger.read', summary: 'A photo of the entry’s progress notes (for whoever sees the entry)', params: FileParams, returns: Any },
    async ({ actor, params, reply }) => {
      await findVisibleEntry(ctx.db, actor, params.id);
      return sendFile(reply, await linkedAttachment(ctx.db, { entryId: params.id }, params.attachmentId));
    },
  );

  ledger.patch(
    '/api/ledger/:id',
    { policy: 'ledger.write', summary: 'Correct measures, deadline, responsible unit or person', params: IdParams, body: UpdateEntryBody },
    async ({ actor, params, body }) => {
      await inTransaction(async (tx) => {
        const entry = await findVisibleEntry(tx, actor, params.id);
        await updateLedgerEntry(tx, actor, now(), entry, { ...body, deadline: ms(body.deadline) });
      });
      return entryDetail(actor, params.id);
    },
  );

  ledger.post(
    '/api/ledger/:id/notes',
    { policy: 'ledger.progress', summary: 'Add a progress note with photos (uploaded first via POST /api/attachments)', params: IdParams, body: NoteBody, created: true },
    async ({ actor, params, body }) => {
      await inTransaction(async (tx) => addLedgerNote(tx, actor, now(), await findVisibleEntry(tx, actor, params.id), body));
      return entryDetail(actor, params.id);
    },
  );

  ledger.post(
    '/api/ledger/:id/:action',
    {
      policy: 'ledger.progress',
      summary:
        'start (→ rectifying), submit (→ awaiting recheck), close (销号: evidence and a reviewer other than the handler), reject (back to rectifying)',
      params: ActionParams,
      body: Type.Optional(TransitionBody),
    },
    async ({ actor, params, body }) => {
      const b = body ?? {};
      await inTransaction(async (tx) => {
        const entry = await findVisibleEntry(tx, actor, params.id);
        await transitionLedgerEntry(tx, actor, now(), entry, params.action, { ...b, deadline: ms(b.deadline) });
      });
      return entryDetail(actor, params.id);
    },
  );

  // ── inspections ──────────────────────────────────────────────────────
  const templateDetail = async (id: number) => {
    const t = await findTemplate(ctx.db, id);
    if (!t) throw new AppError('not_found', 'id');
    const items = await templateItems(ctx.db, id);
    return {
      id: t.id,
      code: t.code,
      name: t.name,
      description: t.description,
      items: items.map((i) => ({ id: i.id, position: i.position, item: i.item, criterion: i.criterion, weight: i.weight })),
    };
  };

  inspections.get('/api/inspection-templates', { policy: 'inspections.read', summary: 'Checklist templates (the 五亮 one has code "wuliang")' }, async () =>
    (await listTemplates(ctx.db)).map((t) => ({ id: t.id, code: t.code, name: t.name, description: t.description })),
  );

  inspections.get(
    '/api/inspection-templates/:id',
    { policy: 'inspections.read', summary: 'A template with its check points', params: IdParams },
    async ({ params }) => templateDetail(params.id),
  );

  inspections.post(
    '/api/inspection-templates',
    { policy: 'inspections.write', summary: 'A checklist template: items, criteria, weights', body: CreateTemplateBody, created: true },
    async ({ actor, body }) => {
      const t = await inTransaction((tx) => createTemplate(tx, actor, now(), body));
      return templateDetail(t.id);
    },
  );

  const planDetail = async (actor: Actor, id: number) => {
    const { plan, inspections } = await findVisiblePlan(ctx.db, actor, id);
    return {
      id: plan.id,
      name: plan.name,
      kind: plan.kind,
      period: plan.period,
      templateId: plan.template_id,
      seed: plan.seed,
      sampleSize: plan.sample_size,
      scopePlaceId: plan.scope_place_id,
      createdAt: iso(plan.created_at),
      inspections: inspections.map((i) => ({
        id: i.id,
        compoundId: i.compound_id,
        compoundName: i.compound_name,
        status: i.status,
        score: i.score,
        recordedAt: iso(i.recorded_at),
      })),
    };
  };

  inspections.post(
    '/api/inspection-plans',
    {
      policy: 'inspections.write',
      summary: 'A plan: a seeded random sample of compounds (kind "sample"), or the 回头看 list (kind "look_back")',
      body: CreatePlanBody,
      created: true,
    },
    async ({ actor, body: b }) => {
      const plan = await inTransaction((tx) =>
        b.kind === 'sample'
          ? createSamplePlan(tx, actor, now(), b)
          : createLookBackPlan(tx, b.compoundIds, b.period, {
              actor,
              templateId: b.templateId,
              now: now(),
              ...(b.name ? { name: b.name } : {}),
            }),
      );
      return planDetail(actor, plan.id);
    },
  );

  inspections.get(
    '/api/inspection-plans',
    { policy: 'inspections.read', summary: 'Plans with inspections in your area', query: ListPlansQuery },
    async ({ actor, query }) => {
      const rows = await listPlans(ctx.db, actor, query.limit ?? 50, query.offset ?? 0);
      return rows.map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        period: p.period,
        seed: p.seed,
        templateName: p.template_name,
        createdAt: iso(p.created_at),
      }));
    },
  );

  inspections.get(
    '/api/inspection-plans/:id',
    { policy: 'inspections.read', summary: 'A plan with its inspections in your area', params: IdParams },
    async ({ actor, params }) => planDetail(actor, params.id),
  );

  const inspectionDetail = async (actor: Actor, id: number) => {
    const ins = await findVisibleInspection(ctx.db, actor, id);
    const items = await templateItems(ctx.db, ins.template_id);
    const checks = presentChecks(id, await inspectionChecks(ctx.db, id));
    return {
      id: ins.id,
      planId: ins.plan_id,
      planName: ins.plan_name,
      planKind: ins.plan_kind,
      compoundId: ins.compound_id,
      compoundName: ins.compound_name,
      status: ins.status,
      score: ins.score,
      inspectorId: ins.inspector_id,
      recordedAt: iso(ins.recorded_at),
      items: items.map((i) => {
        const history = checks.filter((c) => c.itemId === i.id);
        const last = history[history.length - 1];
        return {
          id: i.id,
          item: i.item,
          criterion: i.criterion,
          weight: i.weight,
          outcome: last?.outcome ?? null,
          ledgerEntryId: last?.ledgerEntryId ?? null,
          history,
        };
      }),
    };
  };

  inspections.get(
    '/api/inspections',
    { policy: 'inspections.read', summary: "Inspections in your area with compound and plan (the inspector's tasks: ?status=pending,rectifying)", query: ListInspectionsQuery },
    async ({ actor, query }) => {
      const rows = await listInspections(ctx.db, actor, { statuses: query.status?.split(','), limit: query.limit ?? 50, offset: query.offset ?? 0 });
      return rows.map((i) => ({
        id: i.id,
        planId: i.plan_id,
        planName: i.plan_name,
        planKind: i.plan_kind,
        period: i.period,
        compoundId: i.compound_id,
        compoundName: i.compound_name,
        status: i.status,
        score: i.score,
        recordedAt: iso(i.recorded_at),
      }));
    },
  );

  inspections.get(
    '/api/inspections/:id',
    { policy: 'inspections.read', summary: 'An inspection: each check point with its latest outcome and its rounds (检查-整改-复查)', params: IdParams },
    async ({ actor, params }) => inspectionDetail(actor, params.id),
  );

  inspections.get(
    '/api/inspections/:id/attachments/:attachmentId',
    { policy: 'inspections.read', summary: 'A photo of the inspection’s checks', params: FileParams, returns: Any },
    async ({ actor, params, reply }) => {
      await findVisibleInspection(ctx.db, actor, params.id);
      return sendFile(reply, await linkedAttachment(ctx.db, { inspectionId: params.id }, params.attachmentId));
    },
  );

  inspections.post(
    '/api/inspections/:id/results',
    {
      policy: 'inspections.record',
      summary: 'Record every check point pass/fail with note and photos; each failure becomes a rectification with a deadline',
      params: IdParams,
      body: RecordBody,
    },
    async ({ actor, params, body }) => {
      await inTransaction(async (tx) => {
        const ins = await findVisibleInspection(tx, actor, params.id);
        await recordInspection(tx, actor, now(), ins, {
          results: body.results,
          ...(body.deadline ? { deadline: Date.parse(body.deadline) } : {}),
        });
      });
      return inspectionDetail(actor, params.id);
    },
  );

  inspections.post(
    '/api/inspections/:id/items/:itemId/recheck',
    {
      policy: 'inspections.record',
      summary: '复查 a failed check point whose rectification was submitted: pass closes it (销号), fail sends it back',
      params: ItemParams,
      body: RecheckBody,
    },
    async ({ actor, params, body: b }) => {
      await inTransaction(async (tx) => {
        const ins = await findVisibleInspection(tx, actor, params.id);
        await recheckItem(tx, actor, now(), ins, params.itemId, { ...b, deadline: b.deadline ? Date.parse(b.deadline) : undefined });
      });
      return inspectionDetail(actor, params.id);
    },
  );
}
