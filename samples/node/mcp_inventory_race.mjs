// The inventory race of the CoAgent demo, played by two MCP clients (the official TypeScript SDK)
// as two agents: restock (rank 1) and orders (rank 2) both read the stock (10); orders sells 3;
// restock adds 5; orders' next tool result carries the notification, it undoes its sale, redoes it
// on 15 and acknowledges; its commit waits for restock's; the stock ends at 12, the serial run.
//   node mcp_inventory_race.mjs --http http://127.0.0.1:PORT/mcp            (trust: ?agent=NAME)
//   node mcp_inventory_race.mjs --http URL --token-restock T1 --token-orders T2
//   node mcp_inventory_race.mjs --stdio-restock SPEC --stdio-orders SPEC
// where SPEC spawns a stdio server (mcp_stdio_spec.mjs): '["./coagent", "mcp", "--url",
// "http://127.0.0.1:5434/mcp?agent=restock"]', or an .mcp.json entry with "env" for a token.
// Prints the transcript (each call and the structured result the model sees) as JSON lines, then
// "RACE OK"; any deviation from the protocol exits with status 1.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { stdioTransport } from "./mcp_stdio_spec.mjs";

const args = process.argv.slice(2);
const opt = (k) => (args.indexOf(k) >= 0 ? args[args.indexOf(k) + 1] : undefined);

function transport(agent) {
  const stdio = opt(`--stdio-${agent}`);
  if (stdio) return stdioTransport(stdio);
  const token = opt(`--token-${agent}`);
  const url = new URL(opt("--http"));
  if (!token) url.searchParams.set("agent", agent);
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  return new StreamableHTTPClientTransport(url, { requestInit: { headers } });
}

async function agent(name) {
  const client = new Client({ name: `coagent-race-${name}`, version: "1.0.0" });
  await client.connect(transport(name));
  const call = async (tool, a = {}) => {
    const r = await client.callTool({ name: tool, arguments: a });
    console.log(JSON.stringify({ agent: name, call: tool, arguments: a, result: r.structuredContent,
      isError: r.isError === true }));
    if (r.isError) throw new Error(`${name} ${tool}: ${JSON.stringify(r.structuredContent.error)}`);
    if (JSON.stringify(r.structuredContent) !== r.content[0].text) {
      throw new Error(`${tool}: the text content differs from the structured content`);
    }
    return r.structuredContent;
  };
  return { client, call };
}

function check(cond, what) {
  if (!cond) throw new Error(`protocol deviation: ${what}`);
}

const QTY = "SELECT qty FROM stock WHERE id = 1";
let code = 0;
const restock = await agent("restock");
const orders = await agent("orders");
try {
  const tools = (await orders.client.listTools()).tools;
  for (const t of tools) check(t.inputSchema && t.outputSchema, `tool ${t.name} has both schemas`);

  check((await restock.call("query", { sql: QTY })).rows[0].QTY === 10, "restock reads 10");
  const seen = (await orders.call("query", { sql: QTY })).rows[0].QTY;
  check(seen === 10, "orders reads 10");
  const sale = await orders.call("execute", { sql: "UPDATE stock SET qty = ? WHERE id = 1",
    params: [seen - 3] });
  check(sale.operation_id !== null && sale.undo_sql.includes("10"), "the sale's inverse");
  const wrote = await restock.call("execute", { sql: "UPDATE stock SET qty = qty + 5 WHERE id = 1" });
  check(wrote.row_count === 1, "restock wrote");

  // The very next tool result of orders carries what changed under it.
  const next = await orders.call("notifications");
  check(next.notifications.length > 0, "orders' next result carries the notification");
  const n = next.notifications[0];
  check(n.writer.agent === "restock" && n.seen[1] === 10 && n.now[1] === 15,
    `notification restock 10 -> 15, got ${JSON.stringify(n)}`);
  const refused = await orders.call("commit", { wait_seconds: 0 });
  check(refused.status === "notifications_pending", "commit refused while notifications pend");

  // Repair: undo the sale, redo it on the value now, acknowledge.
  await orders.call("undo", { operation_id: sale.operation_id });
  const fresh = (await orders.call("query", { sql: QTY })).rows[0].QTY;
  check(fresh === 15, "orders now reads 15");
  await orders.call("execute", { sql: "UPDATE stock SET qty = ? WHERE id = 1", params: [fresh - 3] });
  await orders.call("ack", { ids: next.notifications.map((x) => x.id) });

  const waiting = await orders.call("commit", { wait_seconds: 0 });
  check(waiting.status === "waiting" && waiting.waiting_for.some((w) => w.agent === "restock"),
    "orders' commit waits for restock");
  check((await restock.call("commit", { wait_seconds: 10 })).status === "committed", "restock commits");
  const done = await orders.call("commit", { wait_seconds: 30 });
  check(done.status === "committed", "orders commits after restock");
  console.log("RACE OK");
} catch (e) {
  console.log("ERROR", e.message);
  code = 1;
} finally {
  await restock.client.close();
  await orders.client.close();
  process.exit(code);
}
