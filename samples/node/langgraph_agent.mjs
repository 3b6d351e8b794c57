// A LangGraph agent on CoAgent: LangGraph.js's prebuilt ReAct agent (createReactAgent) with the
// CoAgent MCP tools loaded by LangChain's MCP adapter (MultiServerMCPClient), playing the higher
// rank (orders) of the demo's inventory race against restock, a plain MCP client (the official
// TypeScript SDK), each authenticated by its bearer token.
//
// THE MODEL IS SCRIPTED: no LLM is reachable here, so ScriptedChatModel stands for one. It emits
// pre-written tool calls, filling their arguments from the tool results it has read (the value it
// read, the operation ids, the notification ids), as an LLM following docs/agents.md's system
// prompt would. Everything else is real: the adapter, the graph (its ToolNode calls the tools),
// the MCP session, the server and the store.
//
//   node langgraph_agent.mjs --http http://127.0.0.1:PORT/mcp --token-orders T1 --token-restock T2
//
// Three user turns on one graph thread and one MCP session (the agent's one trajectory):
//   1. "Sell 3": the agent reads 10 and writes 7.   Then restock (rank 2) adds 5.
//   2. "Commit": the agent's next tool message (commit) carries the notification 10 -> 15 and the
//      commit is refused; the scripted model undoes the sale, reads 15, writes 12, acks; its
//      commit waits for restock.                        Then restock commits.
//   3. "Is it committed?": commit again: committed. The store holds 12, the serial run.
// Prints every call and the result the model reads as JSON lines, the model's answers, then
// "LANGGRAPH RACE OK"; any deviation from the protocol exits with status 1.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { MultiServerMCPClient } from "@langchain/mcp-adapters";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { MemorySaver } from "@langchain/langgraph";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";

const args = process.argv.slice(2);
const opt = (k) => {
  const i = args.indexOf(k);
  if (i < 0 || i + 1 >= args.length) throw new Error(`missing ${k} (usage: see the head of this file)`);
  return args[i + 1];
};

const SYSTEM_PROMPT = `You share a database with other agents. Your tool calls form one transaction until you commit.
Every tool result has a notifications list. Before your next action, judge each notification:
another agent, ordered before you, changed something you read (seen -> now).
- If it changes what you did or decided, repair: undo the affected operations (affects, newest
  first: the writes you based on the stale value), read again, redo them on the new value.
- If it does not matter, say why in one sentence.
- Then ack it. commit refuses while notifications are unacknowledged.
If commit says waiting, do other useful work or call commit again with wait_seconds.`;

function check(cond, what) {
  if (!cond) throw new Error(`protocol deviation: ${what}`);
}

/**
 * The tool result's text (the JSON of the structured result) in a tool message. The adapter
 * returns the MCP text block with the structured content beside it; the ToolNode puts such a block
 * into the message serialized, so the model reads {"type":"text","text":...,"structuredContent":...}.
 */
function textOf(content) {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks.map((b) => {
    if (typeof b === "string") {
      try {
        const o = JSON.parse(b);
        if (o && o.type === "text" && typeof o.text === "string") return o.text;
      } catch {
        // plain text
      }
      return b;
    }
    return b.type === "text" ? b.text : "";
  }).join("");
}

/** The structured results of the tool messages so far, by tool name, newest last. */
function resultsByTool(messages) {
  const names = new Map();
  for (const m of messages) for (const c of m.tool_calls ?? []) names.set(c.id, c.name);
  const out = {};
  for (const m of messages) {
    if (!ToolMessage.isInstance(m)) continue;
    const name = names.get(m.tool_call_id);
    check(m.status !== "error", `tool ${name} failed: ${textOf(m.content)}`);
    (out[name] ??= []).push(JSON.parse(textOf(m.content)));
  }
  return out;
}

const QTY = "SELECT qty FROM stock WHERE id = 1";
const SELL = "UPDATE stock SET qty = ? WHERE id = 1";

// The script: per user turn, the steps the model takes; each sees the tool results read so far
// (r.query, r.execute, ... newest last) and returns a tool call or the answer.
const last = (list) => list[list.length - 1];
const TURNS = [
  [
    () => ({ tool: "query", args: { sql: QTY } }),
    (r) => ({ tool: "execute", args: { sql: SELL, params: [last(r.query).rows[0].QTY - 3] } }),
    (r) => ({ say: `Sold 3 of item 1: read ${last(r.query).rows[0].QTY}, wrote ${last(r.query).rows[0].QTY - 3} (not committed yet).` }),
  ],
  [
    () => ({ tool: "commit", args: { wait_seconds: 0 } }),
    // The commit's result carries a notification: the stock I sold from changed. The sale was
    // based on it, so repair: undo the sale (an affected write), read again, redo, ack.
    (r) => {
      const n = last(r.commit).notifications[0];
      const sale = r.execute[0].operation_id;
      check(n && n.affects.includes(sale), `the notification affects the sale ${sale}`);
      return { tool: "undo", args: { operation_id: sale } };
    },
    () => ({ tool: "query", args: { sql: QTY } }),
    (r) => ({ tool: "execute", args: { sql: SELL, params: [last(r.query).rows[0].QTY - 3] } }),
    (r) => ({ tool: "ack", args: { ids: r.commit[0].notifications.map((n) => n.id) } }),
    () => ({ tool: "commit", args: { wait_seconds: 0 } }),
    (r) => ({ say: `Restock changed the stock under my sale; I redid it on ${last(r.query).rows[0].QTY}. The commit waits for ${last(r.commit).waiting_for.map((w) => w.agent).join(", ")} (ordered before me).` }),
  ],
  [
    () => ({ tool: "commit", args: { wait_seconds: 30 } }),
    (r) => ({ say: `The sale is ${last(r.commit).status}.` }),
  ],
];

/** Stands for an LLM: emits the script's tool calls, each checked against the tools bound. */
class ScriptedChatModel extends BaseChatModel {
  constructor(fields = {}) {
    super(fields);
    this.boundTools = fields.boundTools ?? [];
  }
  _llmType() {
    return "scripted";
  }
  bindTools(tools) {
    return new ScriptedChatModel({ boundTools: tools.map((t) => t.name) });
  }
  async _generate(messages) {
    const turn = messages.filter((m) => HumanMessage.isInstance(m)).length - 1;
    let sinceHuman = 0;
    for (let i = messages.length - 1; i >= 0 && !HumanMessage.isInstance(messages[i]); i--) {
      if (AIMessage.isInstance(messages[i])) sinceHuman++;
    }
    const step = TURNS[turn][sinceHuman](resultsByTool(messages));
    let message;
    if (step.tool) {
      check(this.boundTools.includes(step.tool), `tool ${step.tool} is bound to the model`);
      message = new AIMessage({ content: "", tool_calls: [{ id: `call_${turn}_${sinceHuman}`,
        name: step.tool, args: step.args, type: "tool_call" }] });
    } else {
      message = new AIMessage(step.say);
    }
    return { generations: [{ message, text: typeof message.content === "string" ? message.content : "" }] };
  }
}

// restock: the lower rank, a plain MCP client.
async function plainAgent(name, token) {
  const client = new Client({ name: `coagent-${name}`, version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(opt("--http")),
    { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  const call = async (tool, a = {}) => {
    const r = await client.callTool({ name: tool, arguments: a });
    console.log(JSON.stringify({ agent: name, call: tool, arguments: a, result: r.structuredContent,
      isError: r.isError === true }));
    if (r.isError) throw new Error(`${name} ${tool}: ${JSON.stringify(r.structuredContent.error)}`);
    return r.structuredContent;
  };
  return { client, call };
}

/** Prints what the graph did in one turn: each tool call, the result the model read, the answer. */
function printTurn(messages, from) {
  const calls = new Map();
  for (const m of messages.slice(from)) {
    for (const c of m.tool_calls ?? []) calls.set(c.id, c);
    if (ToolMessage.isInstance(m)) {
      const c = calls.get(m.tool_call_id);
      console.log(JSON.stringify({ agent: "orders", call: c.name, arguments: c.args,
        result: JSON.parse(textOf(m.content)), isError: m.status === "error" }));
    } else if (AIMessage.isInstance(m) && !(m.tool_calls ?? []).length) {
      console.log(JSON.stringify({ agent: "orders", says: m.content }));
    }
  }
}

let code = 0;
const url = opt("--http");
const token = opt("--token-orders");
const restock = await plainAgent("restock", opt("--token-restock"));
const model = new ScriptedChatModel();
// BEGIN docs/agents.md LangGraph
const client = new MultiServerMCPClient({
  mcpServers: {
    coagent: { transport: "http", url, headers: { Authorization: `Bearer ${token}` } },
  },
});
const tools = await client.getTools(); // one MCP session, the agent's trajectory, until close()
const agent = createReactAgent({ llm: model, tools, prompt: SYSTEM_PROMPT,
  checkpointer: new MemorySaver() });
// END docs/agents.md LangGraph
try {
  for (const t of ["query", "execute", "commit", "undo", "ack"]) {
    check(tools.some((x) => x.name === t), `the adapter loaded tool ${t}`);
  }
  const session = (await client.getClient("coagent")).transport.sessionId;
  check(session, "the adapter holds an MCP session");
  const thread = { configurable: { thread_id: "orders" } };
  let seen = 0;
  const turn = async (text) => {
    const state = await agent.invoke({ messages: [new HumanMessage(text)] }, thread);
    printTurn(state.messages, seen);
    seen = state.messages.length;
    return resultsByTool(state.messages);
  };

  let r = await turn("Sell 3 units of item 1.");
  check(r.query[0].rows[0].QTY === 10 && r.execute[0].row_count === 1, "orders read 10 and sold");
  check((await restock.call("execute", { sql: "UPDATE stock SET qty = qty + 5 WHERE id = 1" }))
    .row_count === 1, "restock wrote");

  r = await turn("Commit the sale.");
  const refused = r.commit[0];
  check(refused.status === "notifications_pending", "the commit is refused while a notification pends");
  const n = refused.notifications[0];
  check(n.writer.agent === "restock" && n.seen[1] === 10 && n.now[1] === 15,
    `the tool message after restock's write carries the notification 10 -> 15, got ${JSON.stringify(n)}`);
  check(last(r.query).rows[0].QTY === 15, "orders reads 15 after undoing its sale");
  check(last(r.ack).notifications.length === 0, "acknowledged");
  check(last(r.commit).status === "waiting" && last(r.commit).waiting_for.some((w) => w.agent === "restock"),
    "orders' commit waits for restock");
  check((await restock.call("commit", { wait_seconds: 10 })).status === "committed", "restock commits");

  r = await turn("Is the sale committed?");
  check(last(r.commit).status === "committed", "orders commits after restock");
  check((await client.getClient("coagent")).transport.sessionId === session,
    "one MCP session for the whole run");
  console.log("LANGGRAPH RACE OK");
} catch (e) {
  console.log("ERROR", e.stack ?? e.message);
  code = 1;
} finally {
  await client.close();
  await restock.client.close();
  process.exit(code);
}
