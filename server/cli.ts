/** The gongzhi command line: start the server, migrate, seed the demo, create users. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadActor } from './auth/actor';
import type { AppContext } from './context';
import { generateOrders } from './demo/demo-year';
import { csvLine } from './exchange/csv';
import { exportOrders } from './exchange/export';
import { importLedger, readLedger } from './exchange/import';
import { progressBar } from './progress';
import { checkRollupsReport } from './evaluation/rollups';
import { trainCategoryModel } from './intake/classifier/service';
import { ROLES, type Role } from '../common/roles';
import { hashPassword } from './auth/password';
import { createContext } from './bootstrap';
import { loadConfig } from './config';
import { isSeeded, seedDistrict } from './demo/seed';
import { loadDemo, startServer } from './main';

const HELP = `gongzhi — 共治 community governance platform

  gongzhi start                 migrate, seed the demo district on an empty database, serve on PORT (3000)
  gongzhi migrate               run migrations only
  gongzhi seed                  load the demo district and its year of orders into an empty database
  gongzhi create-user --username U --name N --role R --password P [--phone X] [--unit ID] [--place ID]
  gongzhi import-orders FILE [--as USER] [--report OUT.csv]   import a ledger (.xlsx/.csv); bad rows listed, never half-imported
  gongzhi export-orders --out FILE [--as USER] [--from ISO] [--to ISO] [--status S]   ledger export (.xlsx or .csv by extension)
  gongzhi train-classifier                                     train a new category model from closed orders
  gongzhi generate --count N [--days D] [--seed S]             synthetic orders with their events (benchmarks)
  gongzhi check-rollups [--repair]                              recompute every rollup from the orders; exit 1 on any difference (--repair rebuilds them)

Environment: PORT, HOST, DATA_DIR (./data), DATABASE_URL (postgres://… for PostgreSQL), LOG_LEVEL.`;

function usage(message: string) {
  console.error(`${message}\n\n${HELP}`);
  process.exitCode = 2;
}

/** The account a CLI command acts as (imports are recorded with who did them). */
async function actorNamed(ctx: AppContext, username: string) {
  const row = await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  const actor = row ? await loadActor(ctx, row.id) : null;
  if (!actor) throw new Error(`no active user ${username}`);
  return actor;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'start':
    case undefined:
      await startServer(config);
      return;
    case 'migrate': {
      const ctx = await createContext(config);
      console.log(`migrated (${ctx.engine.kind})`);
      await ctx.close();
      return;
    }
    case 'seed': {
      const ctx = await createContext(config);
      if (await isSeeded(ctx.db)) console.log('the database already holds a district; nothing done');
      else await loadDemo(ctx);
      await ctx.close();
      return;
    }
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
          password: { type: 'string' },
          phone: { type: 'string' },
          unit: { type: 'string' },
          place: { type: 'string' },
        },
      });
      if (!values.username || !values.name || !values.password || !ROLES.includes(values.role as Role)) {
        console.error(`create-user needs --username, --name, --password and --role (${ROLES.join('|')})`);
        process.exitCode = 2;
        return;
      }
      const ctx = await createContext(config);
      const row = await ctx.db
        .insertInto('users')
        .values({
          username: values.username,
          name: values.name,
          role: values.role!,
          phone: values.phone ?? null,
          unit_id: values.unit ? Number(values.unit) : null,
          place_id: values.place ? Number(values.place) : null,
          password_hash: await hashPassword(values.password),
          active: 1,
          created_at: Date.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      console.log(`created user ${values.username} (id ${row.id})`);
      await ctx.close();
      return;
    }
    case 'import-orders': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { as: { type: 'string' }, report: { type: 'string' } },
      });
      const file = positionals[0];
      if (!file) return usage('import-orders needs a file');
      const ctx = await createContext(config);
      const actor = await actorNamed(ctx, values.as ?? 'admin');
      const bytes = fs.readFileSync(file);
      const rows = await readLedger(bytes, /\.csv$/i.test(file) ? 'csv' : 'xlsx');
      const bar = progressBar(`Importing ${rows.length} rows`);
      const report = await importLedger(ctx.db, actor, rows, {
        cal: await ctx.calendar.get(),
        now: Date.now(),
        onProgress: (d, t) => bar.update(d, t),
      });
      bar.done(`${report.imported} imported, ${report.skipped} already present, ${report.errors.length} errors`);
      for (const e of report.errors.slice(0, 20)) console.log(`  row ${e.row} ${e.column}: ${e.message_zh} (${e.message_en})`);
      if (values.report)
        fs.writeFileSync(
          values.report,
          '\ufeff' +
            csvLine(['行号', '列', '错误', 'error']) +
            report.errors.map((e) => csvLine([String(e.row), e.column, e.message_zh, e.message_en])).join(''),
        );
      if (report.errors.length) process.exitCode = 1;
      await ctx.close();
      return;
    }
    case 'export-orders': {
      const { values } = parseArgs({
        args: rest,
        options: {
          out: { type: 'string' },
          as: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          status: { type: 'string' },
        },
      });
      if (!values.out) return usage('export-orders needs --out FILE.xlsx|FILE.csv');
      const ctx = await createContext(config);
      const actor = await actorNamed(ctx, values.as ?? 'admin');
      const bar = progressBar(`Exporting to ${values.out}`);
      const out = fs.createWriteStream(values.out);
      const done = new Promise<void>((resolve, reject) => out.on('close', () => resolve()).on('error', reject));
      const n = await exportOrders(
        ctx.db,
        ctx.engine,
        actor,
        {
          ...(values.from ? { from: values.from } : {}),
          ...(values.to ? { to: values.to } : {}),
          ...(values.status ? { status: values.status } : {}),
        },
        values.out.endsWith('.csv') ? 'csv' : 'xlsx',
        out,
        (d, t) => bar.update(d, t),
      );
      await done;
      bar.done(`${n} orders`);
      await ctx.close();
      return;
    }
    case 'generate': {
      const { values } = parseArgs({
        args: rest,
        options: { count: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' } },
      });
      const count = Number(values.count);
      if (!Number.isInteger(count) || count < 1) return usage('generate needs --count N');
      const ctx = await createContext(config);
      if (!(await isSeeded(ctx.db))) await seedDistrict(ctx.db);
      const bar = progressBar(`Generating ${count} orders`);
      const n = await generateOrders(ctx.db, ctx.engine, await ctx.calendar.get(), Date.now(), {
        count,
        ...(values.days ? { days: Number(values.days) } : {}),
        ...(values.seed ? { seed: Number(values.seed) } : {}),
        onProgress: (d, t) => bar.update(d, t),
      });
      bar.done(`${n} orders`);
      await ctx.close();
      return;
    }
    case 'check-rollups': {
      const { values } = parseArgs({ args: rest, options: { repair: { type: 'boolean' } } });
      const ctx = await createContext(config);
      try {
        const ok = await checkRollupsReport(ctx.db, { repair: values.repair ?? false, log: (line) => console.log(line) });
        if (!ok) process.exitCode = 1;
      } finally {
        await ctx.close();
      }
      return;
    }
    case 'train-classifier': {
      const ctx = await createContext(config);
      const r = await trainCategoryModel(ctx.db, Date.now());
      console.log(r ? `model ${r.id}: ${r.trainedOn} orders, ${r.labels} categories, ${r.trainMs} ms` : 'not enough closed orders to train (need 20)');
      await ctx.close();
      return;
    }
    case 'help':
    case '--help':
      console.log(HELP);
      return;
    default:
      console.error(`unknown command ${command}\n\n${HELP}`);
      process.exitCode = 2;
  }
}

await main(process.argv.slice(2));
