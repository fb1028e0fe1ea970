/**
 * The supervision API: problems (/api/problems), the ledger (/api/ledger, 台账 and 销号) and
 * inspections (/api/inspection-templates, /api/inspection-plans, /api/inspections). Thin routes:
 * the role check on request, the schema, one transaction around one command, the presenter.
 */
import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize, type PolicyAction } from '../auth/policy';
import type { AppContext } from '../context';
import type { Tx } from '../db';
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
  Errors,
  ImportReportSchema,
  FileParams,
  ItemParams,
  LinkOrdersBody,
  ListLedgerQuery,
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

/** onRequest hook: 401 without a session, 403 unless the role holds `action`. */
const guard = (action: PolicyAction) => async (req: FastifyRequest) => {
  authorize(requireActor(req), action);
};

const ms = (t: string | null | undefined) => (t === undefined ? undefined : t === null ? null : Date.parse(t));
const OK = { 200: Any, ...Errors };
const CREATED = { 201: Any, ...Errors };

export function supervisionRoutes(app: App, ctx: AppContext) {
  // Boards, notices, facilities, patrols, campaigns, visits, consultations, projects.
  fieldworkRoutes(app, ctx);
  const inTransaction = <T>(fn: (tx: Tx) => Promise<T>) => ctx.db.transaction().execute(fn);
  const now = () => ctx.clock.now();

  /** Streams a photo found by `linkedAttachment` (404 when it is not linked there). */
  const sendFile = (reply: FastifyReply, a: { mime: string; storage_key: string } | undefined) => {
    if (!a) throw new AppError('not_found', 'attachmentId');
    reply.header('content-type', a.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
    return reply.send(fs.createReadStream(ctx.files.path(a.storage_key)));
  };

  /** An entry as the detail page shows it: fields, notes with photos, history. */
  const entryDetail = async (actor: Parameters<typeof presentEntry>[0], id: number) => {
    const row = await ledgerQuery(ctx.db, actor, {}).where('le.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'id');
    return {
      ...presentEntry(actor, row),
      notes: presentNotes(id, await entryNotes(ctx.db, id)),
      events: presentEvents(await entryEvents(ctx.db, id)),
    };
  };

  // ── problems ─────────────────────────────────────────────────────────
  let tags = ['problems'];
  app.post(
    '/api/problems',
    {
      onRequest: guard('problems.write'),
      schema: {
        tags,
        summary: 'Name a problem (治理问题) at a place, optionally linking orders',
        body: CreateProblemBody,
        response: CREATED,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await inTransaction(async (tx) => {
        const p = await createProblem(tx, actor, now(), req.body);
        if (req.body.orderIds?.length) await linkOrders(tx, actor, now(), p.id, req.body.orderIds);
        return p.id;
      });
      reply.code(201);
      return problemDetail(actor, id);
    },
  );

  const problemDetail = async (actor: Parameters<typeof presentEntry>[0], id: number) => {
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

  app.get(
    '/api/problems',
    { onRequest: guard('ledger.read'), schema: { tags, summary: 'Problems in your area', querystring: ListProblemsQuery, response: OK } },
    async (req) => {
      const actor = requireActor(req);
      const rows = await listProblems(ctx.db, actor, { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 });
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
    },
  );

  app.get(
    '/api/problems/:id',
    {
      onRequest: guard('ledger.read'),
      schema: { tags, summary: 'A problem with its linked orders and ledger entries', params: IdParams, response: OK },
    },
    async (req) => problemDetail(requireActor(req), req.params.id),
  );

  app.post(
    '/api/problems/:id/orders',
    {
      onRequest: guard('problems.write'),
      schema: { tags, summary: 'Link orders you can see to the problem', params: IdParams, body: LinkOrdersBody, response: OK },
    },
    async (req) => {
      const actor = requireActor(req);
      const added = await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, req.params.id);
        return linkOrders(tx, actor, now(), req.params.id, req.body.orderIds);
      });
      return { added, problem: await problemDetail(actor, req.params.id) };
    },
  );

  app.delete(
    '/api/problems/:id/orders/:orderId',
    {
      onRequest: guard('problems.write'),
      schema: { tags, summary: 'Unlink an order from the problem', params: OrderLinkParams, response: { 204: Type.Null(), ...Errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, req.params.id);
        await unlinkOrder(tx, actor, now(), req.params.id, req.params.orderId);
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/problems/:id/candidates',
    {
      onRequest: guard('problems.write'),
      schema: {
        tags,
        summary: 'Orders that may belong to the problem: same compound, same category, similar text',
        params: IdParams,
        querystring: CandidatesQuery,
        response: OK,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return inTransaction(async (tx) => {
        const p = await findVisibleProblem(tx, actor, req.params.id);
        const rows = await proposeOrders(tx, actor, p, req.query.limit ?? 20);
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
      });
    },
  );

  app.post(
    '/api/problems/pull-unsatisfied',
    {
      onRequest: guard('ledger.write'),
      schema: {
        tags,
        summary: 'Pull the 不满意 orders received in [from, to) into problems and ledger entries by compound × category (idempotent)',
        body: PullUnsatisfiedBody,
        response: OK,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const from = Date.parse(req.body.from);
      const to = Date.parse(req.body.to);
      if (!(from < to)) throw new AppError('validation', 'to', { zh: '结束时间应晚于开始时间', en: 'to must be after from' });
      return inTransaction((tx) => pullUnsatisfiedOrders(tx, actor, now(), { from, to }));
    },
  );

  // ── special supervision (专项督办, 每月一题) ──────────────────────────
  app.post(
    '/api/problems/:id/special',
    {
      onRequest: guard('ledger.write'),
      schema: {
        tags,
        summary: 'Put a problem under special supervision (专项督办) with a lead department; a month makes it that month’s topic',
        params: IdParams,
        body: SpecialBody,
        response: CREATED,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, req.params.id);
        await markSpecial(tx, actor, now(), req.params.id, req.body);
      });
      reply.code(201);
      return problemDetail(actor, req.params.id);
    },
  );

  app.post(
    '/api/problems/:id/tasks',
    {
      onRequest: guard('ledger.write'),
      schema: {
        tags,
        summary: 'Add a task with a unit and a deadline to a specially supervised problem',
        params: IdParams,
        body: TaskBody,
        response: CREATED,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, req.params.id);
        await addTask(tx, actor, now(), req.params.id, { ...req.body, deadline: Date.parse(req.body.deadline) });
      });
      reply.code(201);
      return problemDetail(actor, req.params.id);
    },
  );

  app.post(
    '/api/problems/:id/tasks/:taskId/done',
    { onRequest: guard('ledger.progress'), schema: { tags, summary: 'Mark a task done', params: TaskParams, response: OK } },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction(async (tx) => {
        await findVisibleProblem(tx, actor, req.params.id);
        const special = await specialOf(tx, req.params.id);
        if (!special?.tasks.some((t) => t.id === req.params.taskId)) throw new AppError('not_found', 'taskId');
        await completeTask(tx, actor, now(), req.params.id, req.params.taskId);
      });
      return problemDetail(actor, req.params.id);
    },
  );

  app.get(
    '/api/monthly-topics/:month',
    {
      onRequest: guard('ledger.read'),
      schema: {
        tags,
        summary: '每月一题: the month’s themes and problems with their tasks and progress',
        params: MonthParams,
        response: OK,
      },
    },
    async (req) => ({ month: req.params.month, ...(await monthTopic(ctx.db, requireActor(req), req.params.month)) }),
  );

  app.get(
    '/api/monthly-topics/:month/candidates',
    {
      onRequest: guard('ledger.write'),
      schema: {
        tags,
        summary: 'Candidates for the month’s topic: place × category pairs whose orders recur in each of the last 3 months',
        params: MonthParams,
        response: OK,
      },
    },
    async (req) => inTransaction((tx) => topicCandidates(tx, requireActor(req), req.params.month)),
  );

  // ── ledger ───────────────────────────────────────────────────────────
  tags = ['ledger'];
  app.post(
    '/api/ledger',
    { onRequest: guard('ledger.write'), schema: { tags, summary: 'Open a ledger entry (台账)', body: CreateEntryBody, response: CREATED } },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      const row = await inTransaction((tx) => createLedgerEntry(tx, actor, now(), { ...b, deadline: ms(b.deadline) }));
      reply.code(201);
      return entryDetail(actor, row.id);
    },
  );

  app.get(
    '/api/ledger',
    {
      onRequest: guard('ledger.read'),
      schema: { tags, summary: 'Ledger entries in your area (or of your unit)', querystring: ListLedgerQuery, response: OK },
    },
    async (req) => {
      const actor = requireActor(req);
      const { rows, total } = await listEntries(ctx.db, actor, {
        ...req.query,
        limit: req.query.limit ?? 50,
        offset: req.query.offset ?? 0,
      });
      return { total, rows: rows.map((r) => presentEntry(actor, r)) };
    },
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/ledger/export.${format}`,
      {
        onRequest: guard('ledger.read'),
        schema: {
          tags,
          summary: `Export the ledger you see (${format}); the import reads the same layout`,
          querystring: ListLedgerQuery,
          response: Errors,
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const { limit: _l, offset: _o, ...filters } = req.query;
        const body = await exportLedgerSheet(ctx.db, actor, filters, format);
        const stamp = new Date(now() + 8 * 3600_000).toISOString().slice(0, 10);
        reply
          .header(
            'content-type',
            format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
          )
          .header(
            'content-disposition',
            `attachment; filename="ledger-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(`整改台账-${stamp}.${format}`)}`,
          );
        return reply.send(body as never);
      },
    );
  }

  app.post(
    '/api/ledger/import',
    {
      onRequest: guard('ledger.write'),
      schema: {
        tags,
        summary: 'Import ledger entries (multipart field "file", .xlsx or .csv) with a row-by-row error report',
        consumes: ['multipart/form-data'],
        response: { 200: ImportReportSchema, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
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

  app.get(
    '/api/ledger/:id',
    {
      onRequest: guard('ledger.read'),
      schema: { tags, summary: 'A ledger entry with its progress notes and history', params: IdParams, response: OK },
    },
    async (req) => entryDetail(requireActor(req), req.params.id),
  );

  app.get(
    '/api/ledger/:id/attachments/:attachmentId',
    {
      onRequest: guard('ledger.read'),
      schema: {
        tags,
        summary: 'A photo of the entry’s progress notes (for whoever sees the entry)',
        params: FileParams,
        response: { 200: Any, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await findVisibleEntry(ctx.db, actor, req.params.id);
      return sendFile(reply, await linkedAttachment(ctx.db, { entryId: req.params.id }, req.params.attachmentId));
    },
  );

  app.patch(
    '/api/ledger/:id',
    {
      onRequest: guard('ledger.write'),
      schema: {
        tags,
        summary: 'Correct measures, deadline, responsible unit or person',
        params: IdParams,
        body: UpdateEntryBody,
        response: OK,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      await inTransaction(async (tx) => {
        const entry = await findVisibleEntry(tx, actor, req.params.id);
        await updateLedgerEntry(tx, actor, now(), entry, { ...b, deadline: ms(b.deadline) });
      });
      return entryDetail(actor, req.params.id);
    },
  );

  app.post(
    '/api/ledger/:id/notes',
    {
      onRequest: guard('ledger.progress'),
      schema: {
        tags,
        summary: 'Add a progress note with photos (uploaded first via POST /api/attachments)',
        params: IdParams,
        body: NoteBody,
        response: CREATED,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await inTransaction(async (tx) => addLedgerNote(tx, actor, now(), await findVisibleEntry(tx, actor, req.params.id), req.body));
      reply.code(201);
      return entryDetail(actor, req.params.id);
    },
  );

  app.post(
    '/api/ledger/:id/:action',
    {
      onRequest: guard('ledger.progress'),
      schema: {
        tags,
        summary:
          'start (→ rectifying), submit (→ awaiting recheck), close (销号: evidence and a reviewer other than the handler), reject (back to rectifying)',
        params: ActionParams,
        body: Type.Optional(TransitionBody),
        response: OK,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body ?? {};
      await inTransaction(async (tx) => {
        const entry = await findVisibleEntry(tx, actor, req.params.id);
        await transitionLedgerEntry(tx, actor, now(), entry, req.params.action, { ...b, deadline: ms(b.deadline) });
      });
      return entryDetail(actor, req.params.id);
    },
  );

  // ── inspections ──────────────────────────────────────────────────────
  tags = ['inspections'];
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

  app.get(
    '/api/inspection-templates',
    {
      onRequest: guard('inspections.read'),
      schema: { tags, summary: 'Checklist templates (the 五亮 one has code "wuliang")', response: OK },
    },
    async () => (await listTemplates(ctx.db)).map((t) => ({ id: t.id, code: t.code, name: t.name, description: t.description })),
  );

  app.get(
    '/api/inspection-templates/:id',
    { onRequest: guard('inspections.read'), schema: { tags, summary: 'A template with its check points', params: IdParams, response: OK } },
    async (req) => templateDetail(req.params.id),
  );

  app.post(
    '/api/inspection-templates',
    {
      onRequest: guard('inspections.write'),
      schema: { tags, summary: 'A checklist template: items, criteria, weights', body: CreateTemplateBody, response: CREATED },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const t = await inTransaction((tx) => createTemplate(tx, actor, now(), req.body));
      reply.code(201);
      return templateDetail(t.id);
    },
  );

  const planDetail = async (actor: Parameters<typeof presentEntry>[0], id: number) => {
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

  app.post(
    '/api/inspection-plans',
    {
      onRequest: guard('inspections.write'),
      schema: {
        tags,
        summary: 'A plan: a seeded random sample of compounds (kind "sample"), or the 回头看 list (kind "look_back")',
        body: CreatePlanBody,
        response: CREATED,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
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
      reply.code(201);
      return planDetail(actor, plan.id);
    },
  );

  app.get(
    '/api/inspection-plans',
    {
      onRequest: guard('inspections.read'),
      schema: { tags, summary: 'Plans with inspections in your area', querystring: ListPlansQuery, response: OK },
    },
    async (req) => {
      const actor = requireActor(req);
      const rows = await listPlans(ctx.db, actor, req.query.limit ?? 50, req.query.offset ?? 0);
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

  app.get(
    '/api/inspection-plans/:id',
    {
      onRequest: guard('inspections.read'),
      schema: { tags, summary: 'A plan with its inspections in your area', params: IdParams, response: OK },
    },
    async (req) => planDetail(requireActor(req), req.params.id),
  );

  const inspectionDetail = async (actor: Parameters<typeof presentEntry>[0], id: number) => {
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

  app.get(
    '/api/inspections/:id',
    {
      onRequest: guard('inspections.read'),
      schema: {
        tags,
        summary: 'An inspection: each check point with its latest outcome and its rounds (检查-整改-复查)',
        params: IdParams,
        response: OK,
      },
    },
    async (req) => inspectionDetail(requireActor(req), req.params.id),
  );

  app.get(
    '/api/inspections/:id/attachments/:attachmentId',
    {
      onRequest: guard('inspections.read'),
      schema: { tags, summary: 'A photo of the inspection’s checks', params: FileParams, response: { 200: Any, ...Errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await findVisibleInspection(ctx.db, actor, req.params.id);
      return sendFile(reply, await linkedAttachment(ctx.db, { inspectionId: req.params.id }, req.params.attachmentId));
    },
  );

  app.post(
    '/api/inspections/:id/results',
    {
      onRequest: guard('inspections.record'),
      schema: {
        tags,
        summary: 'Record every check point pass/fail with note and photos; each failure becomes a rectification with a deadline',
        params: IdParams,
        body: RecordBody,
        response: OK,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction(async (tx) => {
        const ins = await findVisibleInspection(tx, actor, req.params.id);
        await recordInspection(tx, actor, now(), ins, {
          results: req.body.results,
          ...(req.body.deadline ? { deadline: Date.parse(req.body.deadline) } : {}),
        });
      });
      return inspectionDetail(actor, req.params.id);
    },
  );

  app.post(
    '/api/inspections/:id/items/:itemId/recheck',
    {
      onRequest: guard('inspections.record'),
      schema: {
        tags,
        summary: '复查 a failed check point whose rectification was submitted: pass closes it (销号), fail sends it back',
        params: ItemParams,
        body: RecheckBody,
        response: OK,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      await inTransaction(async (tx) => {
        const ins = await findVisibleInspection(tx, actor, req.params.id);
        await recheckItem(tx, actor, now(), ins, req.params.itemId, { ...b, deadline: b.deadline ? Date.parse(b.deadline) : undefined });
      });
      return inspectionDetail(actor, req.params.id);
    },
  );
}
