/** The gongzhi command line: start the server, migrate, seed the demo, create users. */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../common/roles';
import { hashPassword } from './auth/password';
import { createContext } from './bootstrap';
import { loadConfig } from './config';
import { isSeeded, seedDistrict } from './demo/seed';
import { startServer } from './main';

const HELP = `gongzhi — 共治 community governance platform

  gongzhi start                 migrate, seed the demo district on an empty database, serve on PORT (3000)
  gongzhi migrate               run migrations only
  gongzhi seed                  load the demo district into an empty database
  gongzhi create-user --username U --name N --role R --password P [--phone X] [--unit ID] [--place ID]

Environment: PORT, HOST, DATA_DIR (./data), DATABASE_URL (postgres://… for PostgreSQL), LOG_LEVEL.`;

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
      else await seedDistrict(ctx.db);
      await ctx.close();
      return;
    }
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, phone: { type: 'string' }, unit: { type: 'string' }, place: { type: 'string' } },
      });
      if (!values.username || !values.name || !values.password || !ROLES.includes(values.role as Role)) {
        console.error(`create-user needs --username, --name, --password and --role (${ROLES.join('|')})`);
        process.exitCode = 2;
        return;
      }
      const ctx = await createContext(config);
      const row = await ctx.db
        .insertInto('users')
        .values({ username: values.username, name: values.name, role: values.role!, phone: values.phone ?? null, unit_id: values.unit ? Number(values.unit) : null, place_id: values.place ? Number(values.place) : null, password_hash: await hashPassword(values.password), active: 1, created_at: Date.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      console.log(`created user ${values.username} (id ${row.id})`);
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
