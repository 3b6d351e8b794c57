package io.coagent.engine;

import static io.coagent.engine.Fixtures.LONG;
import static io.coagent.engine.Fixtures.acct;
import static io.coagent.engine.Fixtures.assertFails;
import static io.coagent.engine.Fixtures.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec section 2: how trajectories get their ranks, and joining an active trajectory. */
class RankRulesTest {
  private CoStore store;

  @BeforeEach
  void openStore() {
    store = Fixtures.openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void launch_reservesIncreasingRanksInTheGivenOrder() {
    List<Long> ranks = store.launch(List.of("planner", "coder", "tester"));

    assertEquals(3, ranks.size());
    assertTrue(ranks.get(0) < ranks.get(1) && ranks.get(1) < ranks.get(2), ranks.toString());
  }

  @Test
  void launch_reservesConsecutiveRanks() {
    List<Long> ranks = store.launch(List.of("planner", "coder", "tester"));

    assertEquals(List.of(ranks.get(0), ranks.get(0) + 1, ranks.get(0) + 2), ranks);
  }

  @Test
  void begin_takesTheAgentsReservedRank_inAnyStartOrder() {
    List<Long> ranks = store.launch(List.of("planner", "coder", "tester"));

    Trajectory tester = store.begin("tester");
    Trajectory planner = store.begin("planner");
    Trajectory coder = store.begin("coder");
    assertEquals(ranks.get(0), planner.rank());
    assertEquals(ranks.get(1), coder.rank());
    assertEquals(ranks.get(2), tester.rank());
    assertEquals("tester", tester.agent());
    assertEquals(TrajectoryState.ACTIVE, tester.state());
  }

  @Test
  void launch_reservesAboveEveryRankInUse() {
    Trajectory early = store.begin("early", 500);
    List<Long> first = store.launch(List.of("a"));
    List<Long> second = store.launch(List.of("b", "c"));

    assertTrue(first.get(0) > early.rank(), first + " vs " + early.rank());
    assertTrue(second.get(0) > first.get(0), second + " vs " + first);
  }

  @Test
  void begin_withExplicitRank_usesThatRank() {
    Trajectory t = store.begin("explicit", 4242);

    assertEquals(4242, t.rank());
    assertEquals(Optional.of(4242L),
        store.trajectories().stream().filter(i -> i.id() == t.id()).map(TrajectoryInfo::rank)
            .findFirst());
  }

  @Test
  void dynamicJoin_getsRankAboveEveryRankInUse() {
    Trajectory a = store.begin("a", 100);
    List<Long> reserved = store.launch(List.of("b"));
    Trajectory c = store.begin("c");

    assertTrue(c.rank() > a.rank(), c.rank() + " vs " + a.rank());
    assertTrue(c.rank() > reserved.get(0), c.rank() + " vs reserved " + reserved);
    Trajectory d = store.begin("d");
    assertTrue(d.rank() > c.rank(), d.rank() + " vs " + c.rank());
  }

  @Test
  void begin_belowCommittedRank_failsRankBelowCommitted() {
    Trajectory done = store.begin("done", 50);
    done.commit(LONG);

    CoAgentException e = assertFails(ErrorCode.RANK_BELOW_COMMITTED, () -> store.begin("late", 10));
    assertTrue(e.getMessage().contains("10") || e.getMessage().contains("50"), e.getMessage());
    assertEquals(Optional.empty(), store.active("late"));
  }

  @Test
  void begin_withRankOfActiveTrajectory_failsRankConflict() {
    store.begin("a", 5);

    CoAgentException e = assertFails(ErrorCode.RANK_CONFLICT, () -> store.begin("b", 5));
    assertTrue(e.getMessage().contains("5"), e.getMessage());
    assertEquals(Optional.empty(), store.active("b"));
  }

  @Test
  void begin_withReservedRankOfAnotherAgent_failsRankConflict() {
    long reserved = store.launch(List.of("owner")).get(0);

    assertFails(ErrorCode.RANK_CONFLICT, () -> store.begin("intruder", reserved));
    assertEquals(reserved, store.begin("owner").rank());
  }

  @Test
  void begin_forAgentWithActiveTrajectory_joinsIt() {
    Trajectory first = store.begin("agent");
    insert(first, acct(1, 1));
    Trajectory second = store.begin("agent");

    assertEquals(first.id(), second.id());
    assertEquals(first.rank(), second.rank());
    assertEquals(first.id(), store.active("agent").orElseThrow().id());
    assertEquals(1, second.operations().size(), "the joined handle shares the operation log");
  }

  @Test
  void begin_afterCommit_startsNewTrajectory() {
    Trajectory first = store.begin("agent");
    first.commit(LONG);
    Trajectory second = store.begin("agent");

    assertNotEquals(first.id(), second.id());
    assertEquals(TrajectoryState.ACTIVE, second.state());
    assertTrue(second.rank() > first.rank());
  }

  @Test
  void trajectories_listAgentRankAndState() {
    Trajectory a = store.begin("a", 7);
    Trajectory b = store.begin("b", 8);
    a.commit(LONG);
    b.abort();

    List<TrajectoryInfo> infos = store.trajectories();
    TrajectoryInfo ia = infos.stream().filter(i -> i.id() == a.id()).findFirst().orElseThrow();
    TrajectoryInfo ib = infos.stream().filter(i -> i.id() == b.id()).findFirst().orElseThrow();
    assertEquals("a", ia.agent());
    assertEquals(7, ia.rank());
    assertEquals(TrajectoryState.COMMITTED, ia.state());
    assertTrue(ia.ended() != null && !ia.ended().isBefore(ia.started()), ia.toString());
    assertEquals(TrajectoryState.ABORTED, ib.state());
    assertSame(TrajectoryState.ABORTED, b.state());
  }
}
