// The SQLite read connection's thread (server/db/reader.ts): a read-only connection to the same
// file, answering one query at a time with its rows. Plain JavaScript, so that it starts the same
// under tsx, vitest and plain node.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
const MAX_STATEMENTS = 300;

function statement(text) {
  let st = statements.get(text);
  if (st) {
    statements.delete(text);
  } else {
    st = db.prepare(text);
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value);
  }
  statements.set(text, st);
  return st;
}

parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    const st = statement(sql);
    if (!st.reader) throw new Error(`the read connection runs reads only: ${sql.slice(0, 80)}`);
    parentPort.postMessage({ id, rows: st.all(parameters) });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: String(err?.message ?? err), code: err?.code } });
  }
});
