package io.coagent.jdbc;

import static io.coagent.jdbc.AgentTransactionsTest.co;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jOOQ (dialect {@link SQLDialect#DEFAULT}, bind values, quoted upper-case names as CoAgent stores
 * them) issuing DDL, queries and DML through the driver, a jOOQ-managed transaction, and two
 * agents (ranks 1 and 2) whose reads through jOOQ are still notified by MTPO (spec rule 4).
 */
class JooqTest {
  static final Table<?> STOCK = table(name("STOCK"));
  static final Field<Integer> ID = field(name("STOCK", "ID"), Integer.class);
  static final Field<String> ITEM = field(name("STOCK", "ITEM"), String.class);
  static final Field<Integer> QTY = field(name("STOCK", "QTY"), Integer.class);
  static final Table<?> ORDERS = table(name("ORDERS"));
  static final Field<Integer> ORDER_ID = field(name("ORDERS", "ORDER_ID"), Integer.class);
  static final Field<Integer> STOCK_ID = field(name("ORDERS", "STOCK_ID"), Integer.class);
  static final Field<BigDecimal> PRICE = field(name("ORDERS", "PRICE"), BigDecimal.class);

  private String url;
  private Connection operator;
  private DSLContext op;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:coagent:mem:jooq-" + UUID.randomUUID();
    operator = DriverManager.getConnection(url);
    op = DSL.using(operator, SQLDialect.DEFAULT);
    op.createTable(STOCK)
        .column(ID.getUnqualifiedName(), SQLDataType.INTEGER.notNull())
        .column(ITEM.getUnqualifiedName(), SQLDataType.VARCHAR(40))
        .column(QTY.getUnqualifiedName(), SQLDataType.INTEGER)
        .primaryKey(ID.getUnqualifiedName())
        .execute();
    op.createTable(ORDERS)
        .column(ORDER_ID.getUnqualifiedName(), SQLDataType.INTEGER.notNull())
        .column(STOCK_ID.getUnqualifiedName(), SQLDataType.INTEGER)
        .column(PRICE.getUnqualifiedName(), SQLDataType.DECIMAL(10, 2))
        .primaryKey(ORDER_ID.getUnqualifiedName())
        .execute();
  }

  @AfterEach
  void close() throws SQLException {
    operator.close();
  }

  private void seed(DSLContext ctx) {
    ctx.insertInto(STOCK, ID, ITEM, QTY)
        .values(1, "bolt", 5).values(2, "nut", 7).values(3, "gear", 0).execute();
    ctx.insertInto(ORDERS, ORDER_ID, STOCK_ID, PRICE)
        .values(10, 1, new BigDecimal("2.50")).values(11, 2, new BigDecimal("0.75"))
        .values(12, 1, new BigDecimal("3.00")).execute();
  }

  @Test
  void selectWithWhereJoinOrderAndAggregates() {
    seed(op);
    List<String> inStock = op.select(ITEM).from(STOCK).where(QTY.gt(0)).orderBy(ITEM.desc())
        .fetch(ITEM);
    assertEquals(List.of("nut", "bolt"), inStock);

    Record3<Integer, String, Integer> one = op.select(ID, ITEM, QTY).from(STOCK).where(ID.eq(2))
        .fetchOne();
    assertEquals(2, one.value1());
    assertEquals("nut", one.value2());

    List<Record2<String, BigDecimal>> joined = op.select(ITEM, PRICE).from(ORDERS)
        .join(STOCK).on(STOCK_ID.eq(ID))
        .where(PRICE.ge(new BigDecimal("1"))).orderBy(PRICE.asc()).fetch();
    assertEquals(List.of("bolt:2.5", "bolt:3"), joined.stream()
        .map(r -> r.value1() + ":" + r.value2().stripTrailingZeros().toPlainString()).toList());

    var perItem = op.select(ITEM, count()).from(STOCK).join(ORDERS).on(STOCK_ID.eq(ID))
        .groupBy(ITEM).orderBy(ITEM).fetch();
    assertEquals(List.of("bolt=2", "nut=1"),
        perItem.stream().map(r -> r.value1() + "=" + r.value2()).toList());

    assertEquals(1, op.fetchCount(op.selectFrom(STOCK).where(QTY.eq(0))));
    assertEquals(List.of(1, 2), op.select(ID).from(STOCK).orderBy(ID).limit(2).fetch(ID));
  }

  @Test
  void insertUpdateDelete() {
    seed(op);
    assertEquals(1, op.update(STOCK).set(QTY, QTY.plus(10)).where(ID.eq(3)).execute());
    assertEquals(2, op.update(STOCK).set(ITEM, DSL.upper(ITEM)).where(QTY.between(5, 9))
        .execute());
    assertEquals(1, op.deleteFrom(ORDERS).where(PRICE.lt(new BigDecimal("1"))).execute());
    assertEquals(List.of("BOLT:5", "NUT:7", "gear:10"), op.select(ITEM, QTY).from(STOCK)
        .orderBy(ID).fetch().map(r -> r.value1() + ":" + r.value2()));
    assertEquals(List.of(10, 12), op.select(ORDER_ID).from(ORDERS).orderBy(ORDER_ID)
        .fetch(ORDER_ID));
    DataAccessException dup = assertThrows(DataAccessException.class,
        () -> op.insertInto(STOCK, ID, ITEM, QTY).values(1, "again", 1).execute());
    assertEquals("23505", dup.sqlState());
  }

  @Test
  void jooqTransactionsCommitAndRollBack() throws SQLException {
    try (Connection agent = DriverManager.getConnection(url + ";agent=clerk")) {
      DSLContext ctx = DSL.using(agent, SQLDialect.DEFAULT);
      ctx.transaction(cfg -> seed(cfg.dsl()));
      assertEquals(3, op.fetchCount(STOCK), "committed by the jOOQ transaction");

      assertThrows(IllegalStateException.class, () -> ctx.transaction(cfg -> {
        cfg.dsl().update(STOCK).set(QTY, 0).execute();
        cfg.dsl().deleteFrom(ORDERS).execute();
        throw new IllegalStateException("the agent changed its mind");
      }));
      assertEquals(List.of(5, 7, 0), op.select(QTY).from(STOCK).orderBy(ID).fetch(QTY),
          "the failed transaction was rolled back: its writes are undone");
      assertEquals(3, op.fetchCount(ORDERS));
    }
  }

  @Test
  void readsThroughJooqAreNotifiedByLowerRankWrites() throws Exception {
    seed(op);
    try (Connection plannerConn = DriverManager.getConnection(url + ";agent=planner;rank=10");
        Connection coderConn = DriverManager.getConnection(url + ";agent=coder;rank=20")) {
      DSLContext planner = DSL.using(plannerConn, SQLDialect.DEFAULT);
      DSLContext coder = DSL.using(coderConn, SQLDialect.DEFAULT);
      CoAgentConnection coderApi = co(coderConn);

      // point read by key, and a predicate scan
      assertEquals(5, coder.select(QTY).from(STOCK).where(ID.eq(1)).fetchOne(QTY));
      assertEquals(List.of("bolt", "nut"),
          coder.select(ITEM).from(STOCK).where(QTY.gt(3)).orderBy(ID).fetch(ITEM));

      // rank 10 changes the row rank 20 read by key
      planner.update(STOCK).set(QTY, 4).where(ID.eq(1)).execute();
      Notification point = coderApi.await(Duration.ofSeconds(5)).orElseThrow();
      assertEquals("STOCK", point.table());
      assertEquals("planner", point.writerAgent());

      // a row enters the predicate rank 20 scanned
      planner.update(STOCK).set(QTY, 9).where(ID.eq(3)).execute();
      Notification entering = coderApi.await(Duration.ofSeconds(5)).orElseThrow();
      assertEquals("STOCK", entering.table());
      assertTrue(coderConn.getWarnings() != null, "also visible as SQLWarnings");

      // no notification downward: rank 10 reading what rank 20 writes is never notified
      planner.select(QTY).from(STOCK).where(ID.eq(2)).fetch();
      coder.update(STOCK).set(QTY, 1).where(ID.eq(2)).execute();
      assertEquals(Optional.empty(), co(plannerConn).await(Duration.ofMillis(200)));

      // the coder sees the planner's writes (order-filtered read), repairs and commits after it
      assertEquals(List.of(4, 1, 9), coder.select(QTY).from(STOCK).orderBy(ID).fetch(QTY));
      plannerConn.commit();
      for (Notification n : coderApi.pendingNotifications()) {
        coderApi.acknowledge(n.id());
      }
      coderConn.commit();
    }
  }
}
