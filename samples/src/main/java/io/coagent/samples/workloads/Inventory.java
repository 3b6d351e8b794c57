package io.coagent.samples.workloads;

import io.coagent.samples.sim.CostModel;
import io.coagent.samples.sim.Env;
import io.coagent.samples.sim.Program;
import io.coagent.samples.sim.Rec;
import io.coagent.samples.sim.State;
import io.coagent.samples.sim.ToolCall;
import io.coagent.samples.sim.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Restock vs orders: the lost update. Restock agents (even ranks) read an item's stock and, if it is
 * below the threshold, write stock + 10; order agents (odd ranks) read the stock and, if it covers
 * their order, write stock - quantity, then email the customer. Both compute the new value from
 * what they read, as an LLM calling an "update stock" tool does. Four agents share each item.
 * Invariant: for every item, stock = 5 + the ledger's deltas, and stock is never negative.
 */
public final class Inventory implements Workload {
  static final long INITIAL = 5;
  static final long THRESHOLD = 20;
  static final long BATCH = 10;

  @Override
  public String name() {
    return "inventory";
  }

  @Override
  public String summary() {
    return "restock agents and order agents read-modify-write the same stock (lost update)";
  }

  @Override
  public List<String> schema() {
    return List.of(Common.TICKETS, Common.NOTES,
        "CREATE TABLE ITEMS (SKU VARCHAR PRIMARY KEY, QTY BIGINT)",
        "CREATE TABLE ORDERS (ID VARCHAR PRIMARY KEY, SKU VARCHAR, QTY BIGINT, STATUS VARCHAR)",
        "CREATE TABLE LEDGER (ID VARCHAR PRIMARY KEY, SKU VARCHAR, DELTA BIGINT)");
  }

  @Override
  public List<String> tables() {
    return List.of("TICKETS", "NOTES", "ITEMS", "ORDERS", "LEDGER");
  }

  static String sku(int i) {
    return "sku-" + i / 4;
  }

  static String agent(int i) {
    return Common.name(i % 2 == 0 ? "restock" : "orders", i);
  }

  @Override
  public List<ToolCall.Write> seed(int agents) {
    List<ToolCall.Write> rows = new ArrayList<>();
    for (int i = 0; i < agents; i += 4) {
      rows.add(ToolCall.insert("ITEMS", sku(i), INITIAL));
    }
    for (int i = 0; i < agents; i++) {
      rows.add(Common.ticket(agent(i), i % 2 == 0 ? "keep " + sku(i) + " in stock"
          : "fulfil order ord-" + (i + 1)));
      if (i % 2 == 1) {
        rows.add(ToolCall.insert("ORDERS", "ord-" + (i + 1), sku(i), 2L + i % 3, "new"));
      }
    }
    return rows;
  }

  @Override
  public List<Program> programs(int agents, long seed, CostModel cost) {
    List<Program> out = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String me = agent(i);
      String sku = sku(i);
      Program.Builder b = Program.builder(me, i % 2 == 0 ? "restock" : "orders", cost,
          Common.random(seed, i));
      if (i % 2 == 0) {
        b.step("read the restock ticket", Common.readTicket(me))
            .step("check the stock of " + sku, ToolCall.get("stock", "ITEMS", "SKU", sku))
            .step("decide the reorder", Set.of("stock"), env -> reorder(env, me, sku))
            .step("tell purchasing", Set.of("stock"), env -> List.of(Common.note(me, "po",
                low(env) ? "ordered " + BATCH + " of " + sku : "no reorder needed for " + sku)));
      } else {
        String order = "ord-" + (i + 1);
        b.step("read the customer order", ToolCall.get("order", "ORDERS", "ID", order))
            .step("check the stock of " + sku, ToolCall.get("stock", "ITEMS", "SKU", sku))
            .step("fulfil the order", Set.of("order", "stock"), env -> fulfil(env, me, order))
            .step("email the customer", Set.of("order", "stock"), env -> List.of(
                Common.note(me, "email", covers(env) ? order + " has shipped"
                    : order + " is backordered")));
      }
      out.add(b.build());
    }
    return out;
  }

  private static boolean low(Env env) {
    return env.one("stock").num("QTY") < THRESHOLD;
  }

  private static boolean covers(Env env) {
    return env.one("stock").num("QTY") >= env.one("order").num("QTY");
  }

  private static List<ToolCall> reorder(Env env, String me, String sku) {
    long qty = env.one("stock").num("QTY");
    if (!low(env)) {
      return List.of(ToolCall.insert("LEDGER", me, sku, 0L));
    }
    return List.of(ToolCall.update("ITEMS", "SKU", sku, "QTY", qty + BATCH),
        ToolCall.insert("LEDGER", me, sku, BATCH));
  }

  private static List<ToolCall> fulfil(Env env, String me, String order) {
    Rec o = env.one("order");
    long qty = env.one("stock").num("QTY");
    if (!covers(env)) {
      return List.of(ToolCall.update("ORDERS", "ID", order, "STATUS", "backordered"));
    }
    return List.of(ToolCall.update("ITEMS", "SKU", o.str("SKU"), "QTY", qty - o.num("QTY")),
        ToolCall.insert("LEDGER", me, o.str("SKU"), -o.num("QTY")),
        ToolCall.update("ORDERS", "ID", order, "STATUS", "shipped"));
  }

  @Override
  public String invariantViolation(State state, int agents) {
    for (Rec item : state.rows("ITEMS")) {
      long sum = INITIAL;
      for (Rec l : state.rows("LEDGER")) {
        if (l.str("SKU").equals(item.str("SKU"))) {
          sum += l.num("DELTA");
        }
      }
      if (item.num("QTY") != sum || item.num("QTY") < 0) {
        return item.str("SKU") + " has " + item.num("QTY") + " but the ledger says " + sum;
      }
    }
    return null;
  }
}
