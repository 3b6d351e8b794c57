// The inventory race of the CoAgent demo, played by node-postgres agents over the PostgreSQL
// wire protocol: the same protocol as samples/python/inventory_race.py (see that file and
// docs/server.md). One process per agent:
//   node inventory_race.mjs restock --port 5433
//   node inventory_race.mjs orders  --port 5433
// Each prints one line per step; the restock agent waits for a line on stdin before it writes and
// before it commits, so a controller can make the race happen in the order the demo tells.
import pg from "pg";
import readline from "node:readline";

const args = process.argv.slice(2);
const agent = args[0];
const port = Number(args[args.indexOf("--port") + 1] || 5433);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (...w) => console.log(w.join(" "));

const client = new pg.Client({ host: "127.0.0.1", port, user: agent, database: "default" });
const notifications = [];
let wake = null;
client.on("notification", (n) => {
  notifications.push(JSON.parse(n.payload));
  if (wake) wake();
});

async function nextNotification(ms) {
  const deadline = Date.now() + ms;
  while (notifications.length === 0) {
    if (Date.now() > deadline) throw new Error(`no notification within ${ms} ms`);
    await new Promise((r) => { wake = r; setTimeout(r, 100); });
  }
  return notifications.shift();
}

const qty = async () => (await client.query("SELECT qty FROM stock WHERE id = 1")).rows[0].qty;

async function restock() {
  await client.query("BEGIN");
  say("READ", await qty());
  await lines.next();
  await client.query("UPDATE stock SET qty = qty + 5 WHERE id = 1");
  say("WROTE");
  await lines.next();
  await client.query("COMMIT");
  say("COMMITTED");
}

async function orders() {
  await client.query("LISTEN coagent");
  await client.query("BEGIN");
  const seen = await qty();
  say("READ", seen);
  await client.query("UPDATE stock SET qty = $1 WHERE id = 1", [seen - 3]);
  say("SOLD", seen - 3);
  const n = await nextNotification(10000);
  say("NOTIFIED", n.writer.agent, n.seen[1], n.now[1]);
  const staleFrom = Math.min(...n.readOperations);
  const ops = await client.query(
    "SELECT OP_ID FROM SYS.OPERATIONS WHERE OP_ID >= $1 AND KIND <> 'QUERY'" +
      " AND STATE = 'APPLIED' ORDER BY OP_ID DESC", [staleFrom]);
  for (const row of ops.rows) await client.query(`CALL SYS.UNDO(${Number(row.op_id)})`);
  const fresh = await qty();
  await client.query("UPDATE stock SET qty = $1 WHERE id = 1", [fresh - 3]);
  await client.query(`CALL SYS.ACK(${Number(n.id)})`);
  say("REDONE", fresh - 3);
  await client.query("COMMIT"); // rule 8: waits for the lower rank to commit
  say("COMMITTED");
}

await client.connect();
let code = 0;
try {
  await (agent === "restock" ? restock() : orders());
} catch (e) {
  say("ERROR", e.code || "", e.message);
  code = 1;
} finally {
  await client.end();
  process.exit(code);
}
