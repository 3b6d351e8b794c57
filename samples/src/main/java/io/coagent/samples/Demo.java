package io.coagent.samples;

import io.coagent.engine.CoAgentException;
import io.coagent.engine.CoStore;
import io.coagent.engine.ColumnDef;
import io.coagent.engine.ColumnType;
import io.coagent.engine.Key;
import io.coagent.engine.Notification;
import io.coagent.engine.OpKind;
import io.coagent.engine.Operation;
import io.coagent.engine.StoreConfig;
import io.coagent.engine.TableDef;
import io.coagent.engine.Trajectory;
import io.coagent.engine.VerifyReport;
import io.coagent.engine.internal.StoreImpl;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The main demo: a narrated run of the "restock vs orders" workload on an embedded store.
 *
 * <p>An orders agent (rank 2) sells 3 widgets while a restock agent (rank 1, earlier in the
 * serial order) adds 10. Both read the stock first and think for a while. Under MTPO the late
 * lower-rank restock notifies the orders agent, which repairs only its sale; the result equals the
 * serial run (5 + 10 - 3 = 12). The same interleaving with notifications switched off loses the
 * restock (the classic lost update). The protocol comparison benchmark arrives with issue 5.
 */
public final class Demo {
  private static final TableDef STOCK = TableDef.of("STOCK",
      List.of(ColumnDef.notNull("ITEM", ColumnType.VARCHAR), ColumnDef.of("QTY", ColumnType.BIGINT)),
      0);

  private Demo() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the narrated demo; returns the final quantities (MTPO, then without notifications). */
  public static long[] run(PrintStream out) {
    out.println("== CoAgent demo: restock vs orders on one embedded store ==");
    long mtpo = scenario(out, true);
    out.println();
    out.println("-- the same interleaving with notifications suppressed (no repair) --");
    long naive = scenario(out, false);
    out.println();
    out.printf("%-28s %8s %8s%n", "protocol", "final", "correct");
    out.printf("%-28s %8d %8s%n", "serial (rank order)", 12, "yes");
    out.printf("%-28s %8d %8s%n", "MTPO", mtpo, mtpo == 12 ? "yes" : "NO");
    out.printf("%-28s %8d %8s%n", "no notifications (naive)", naive, naive == 12 ? "yes" : "NO");
    return new long[] {mtpo, naive};
  }

  private static long scenario(PrintStream out, boolean notifications) {
    try (CoStore store = CoStore.open(StoreConfig.inMemory())) {
      ((StoreImpl) store).setNotificationsSuppressed(!notifications);
      store.createTable(STOCK);
      Trajectory setup = store.begin("setup");
      write(setup, "seed stock", 5L);
      setup.commit();

      List<Long> ranks = store.launch(List.of("restock", "orders"));
      out.printf("launch: restock gets rank %d, orders gets rank %d%n", ranks.get(0), ranks.get(1));
      Trajectory orders = store.begin("orders");
      Trajectory restock = store.begin("restock");

      long seenByOrders = read(orders, "SELECT qty FROM stock WHERE item='widget'");
      out.printf("orders  (rank %d) reads widget qty = %d, thinks, sells 3%n", orders.rank(),
          seenByOrders);
      long sale = write(orders, "UPDATE stock SET qty = " + (seenByOrders - 3), seenByOrders - 3);

      long seenByRestock = read(restock, "SELECT qty FROM stock WHERE item='widget'");
      out.printf("restock (rank %d) reads widget qty = %d (the sale, at rank %d, is later in the "
          + "order)%n", restock.rank(), seenByRestock, orders.rank());
      write(restock, "UPDATE stock SET qty = " + (seenByRestock + 10), seenByRestock + 10);
      out.printf("restock writes %d; it lands below orders' write, live value stays %s%n",
          seenByRestock + 10, store.readLive("STOCK", Key.of("widget")).get(1));
      restock.commit();
      out.println("restock commits (nothing lower is open)");

      for (Notification n : orders.pendingNotifications()) {
        out.printf("orders is notified: %s %s changed from %s to %s by %s (op %d); "
            + "affects its ops %s%n", n.table(), n.key(), n.seen()[1], n.now()[1], n.writerAgent(),
            n.writerOperation(), n.readOperations());
        orders.undo(sale);
        long fresh = read(orders, "SELECT qty FROM stock WHERE item='widget'");
        write(orders, "UPDATE stock SET qty = " + (fresh - 3), fresh - 3);
        out.printf("orders repairs: undoes op %d, re-reads %d, writes %d, acknowledges%n", sale,
            fresh, fresh - 3);
        orders.acknowledge(n.id());
      }
      commit(out, orders);
      long result = (Long) store.readLive("STOCK", Key.of("widget")).get(1);
      VerifyReport report = store.verify();
      out.printf("final widget qty = %d; quiescence check: %s (%d reads re-run)%n", result,
          report.ok() ? "serial-equivalent" : "VIOLATIONS " + report.violations(),
          report.readsChecked());
      return result;
    }
  }

  private static void commit(PrintStream out, Trajectory t) {
    try {
      t.commit(Duration.ofSeconds(5));
      out.println(t.agent() + " commits");
    } catch (CoAgentException e) {
      out.println(t.agent() + " cannot commit: " + e.getMessage());
      throw e;
    }
  }

  private static long read(Trajectory t, String text) {
    try (Operation op = t.begin(OpKind.QUERY, text)) {
      long qty = (Long) op.get("STOCK", Key.of("widget")).get(1);
      op.complete();
      return qty;
    }
  }

  private static long write(Trajectory t, String text, long qty) {
    try (Operation op = t.begin(OpKind.UPDATE, text)) {
      op.put("STOCK", new Object[] {"widget", qty});
      op.complete();
      return op.id();
    }
  }
}
