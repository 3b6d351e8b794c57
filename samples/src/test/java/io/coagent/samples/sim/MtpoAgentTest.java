package io.coagent.samples.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MTPO agent's repair and its token accounting, on scripted two-agent schedules: the lower
 * rank writes at a chosen point of the higher rank's program (from inside the higher rank's
 * decision, once), so the conflict is deterministic. Think time is zero; tokens are exact.
 */
class MtpoAgentTest {
  private static final CostModel COST = CostModel.standard(0);
  private AgentSession setup;
  private AgentSession low;
  private AgentSession high;

  @BeforeEach
  void open() throws SQLException {
    String url = "jdbc:coagent:mem:mtpo-agent-" + UUID.randomUUID();
    setup = new AgentSession(DriverManager.getConnection(url + ";agent=setup"));
    setup.run("CREATE TABLE STOCK (ITEM VARCHAR PRIMARY KEY, QTY INTEGER)");
    setup.run("CREATE TABLE NOTES (AGENT VARCHAR PRIMARY KEY, TEXT VARCHAR)");
    setup.write(ToolCall.insert("STOCK", "a", 5));
    setup.connection().commit();
    low = new AgentSession(DriverManager.getConnection(url + ";agent=low"));
    high = new AgentSession(DriverManager.getConnection(url + ";agent=high"));
    low.abortQuietly();
    high.abortQuietly();
    low.takePlace(); // ranks in this order: low below high
    high.takePlace();
  }

  @AfterEach
  void close() {
    high.close();
    low.close();
    setup.close();
  }

  /** A decision that first lets the lower rank set the stock to {@code qty} and commit, once. */
  private Function<Env, List<ToolCall>> afterLowerWrite(int qty,
      Function<Env, List<ToolCall>> decide) {
    boolean[] fired = {false};
    return env -> {
      if (!fired[0]) {
        fired[0] = true;
        try {
          low.write(ToolCall.update("STOCK", "ITEM", "a", "QTY", qty));
          low.connection().commit();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
      return decide.apply(env);
    };
  }

  private MtpoAgent agent(Program p) {
    return new MtpoAgent(p, high, COST, new Timeline(), 1);
  }

  private int stock() throws SQLException {
    ReadResult r = setup.query(ToolCall.get("s", "STOCK", "ITEM", "a"));
    setup.connection().commit();
    return ((Number) r.one().get("QTY")).intValue();
  }

  @Test
  void staleExecutedStep_isRejudgedInTheSameInferenceThatRedoesIt() throws Exception {
    Program p = Program.builder("high", "order", COST, new Random(7))
        .step("read the stock", ToolCall.get("s", "STOCK", "ITEM", "a"))
        .step("take one", Set.of("s"), afterLowerWrite(10, env -> List.of(ToolCall.update(
            "STOCK", "ITEM", "a", "QTY", ((Number) env.one("s").get("QTY")).intValue() - 1))))
        .build();
    MtpoAgent a = agent(p);
    AgentStats s = a.run();

    assertNull(s.failure);
    assertEquals(9, stock(), "the stale write (4) was undone and redone from the new stock");
    assertEquals(1, s.notifications);
    assertEquals(0, s.falseNotifications);
    assertEquals(1, s.redoneSteps);
    assertEquals(1, s.foldedRejudges);
    assertEquals(3, s.inferences, "two steps and one inference that judges and redoes");
    Step read = p.steps().get(0);
    Step take = p.steps().get(1);
    long readTokens = a.env.get("s").tokens(); // the re-read costs what the first read did
    long c1 = 1500 + read.outTokens() + readTokens;
    long atMerge = c1 + take.outTokens() + 20 + COST.notificationTokens();
    long merged = atMerge + COST.rejudgeOutput() + take.outTokens();
    assertEquals((1500 + read.outTokens()) + (c1 + take.outTokens()) + merged, s.tokens);
    assertEquals(COST.rejudgeOutput(), s.rejudgeTokens, "only the judgement's own output");
    assertEquals(merged - COST.rejudgeOutput(), s.redoTokens);
    assertEquals(atMerge + COST.rejudgeOutput(), s.foldedContextTokens,
        "what a separate re-judge would have cost");
  }

  @Test
  void notificationThatChangesNoDecision_paysASeparateRejudge_andRedoesNothing()
      throws Exception {
    Program p = Program.builder("high", "order", COST, new Random(7))
        .step("read the stock", ToolCall.get("s", "STOCK", "ITEM", "a"))
        .step("note availability", Set.of("s"), afterLowerWrite(7, env -> List.of(ToolCall.insert(
            "NOTES", "high", ((Number) env.one("s").get("QTY")).intValue() > 0 ? "in" : "out"))))
        .build();
    AgentStats s = agent(p).run();

    assertSeparateRejudge(s, 7, true, 3);
    assertFalse(s.rejudgeTokens <= 1500, "a separate re-judge sends the whole context");
  }

  @Test
  void changeThatOnlyAffectsAStepNotYetRun_paysASeparateRejudge_andUsesTheNewValue()
      throws Exception {
    Program p = Program.builder("high", "order", COST, new Random(7))
        .step("read the stock", ToolCall.get("s", "STOCK", "ITEM", "a"))
        .step("think about it", Set.of(), afterLowerWrite(10, env -> List.of()))
        .step("take one", Set.of("s"), env -> List.of(ToolCall.update(
            "STOCK", "ITEM", "a", "QTY", ((Number) env.one("s").get("QTY")).intValue() - 1)))
        .build();
    AgentStats s = agent(p).run();

    assertSeparateRejudge(s, 9, false, 4);
  }

  /** One notification, judged in an inference of its own (each step plus one), nothing redone. */
  private void assertSeparateRejudge(AgentStats s, int stock, boolean falsePositive,
      int inferences) throws SQLException {
    assertNull(s.failure);
    assertEquals(stock, stock());
    assertEquals(1, s.notifications);
    assertEquals(falsePositive ? 1 : 0, s.falseNotifications);
    assertEquals(0, s.redoneSteps);
    assertEquals(0, s.foldedRejudges);
    assertEquals(inferences, s.inferences, "the steps and one re-judge");
  }
}
