package io.coagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it writes the store file (an agent framework cancelling a task with
 * {@code Future.cancel(true)}, a timeout that interrupts) must not take the store down for every
 * other agent. A plain FileChannel closes itself when a thread blocked in it is interrupted
 * (ClosedByInterruptException), after which every map of the MVStore was closed ("Map
 * trajectories(3) is closed"); the backend opens its file through H2's retry-on-interrupt file
 * system, which reopens the channel.
 */
class InterruptedWriterTest {
  @TempDir Path dir;

  @Test
  void interruptedCommitter_leavesTheStoreWorkingForOthers() throws Exception {
    Path file = dir.resolve("interrupt.coagent");
    try (CoStore s = CoStore.open(StoreConfig.file(file))) {
      s.createTable(FileSpaceTest.ITEMS);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread interrupted = new Thread(() -> {
        Thread.currentThread().interrupt(); // set before it writes: its fsync sees it
        try {
          FileSpaceTest.commitOne(s, 1);
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      interrupted.start();
      interrupted.join();
      assertEquals(null, failure.get(), "the interrupted thread's own commit");
      FileSpaceTest.commitOne(s, 2); // failed with "Map trajectories(3) is closed" before
      assertEquals(2, FileSpaceTest.count(s));
    }
    try (CoStore r = CoStore.open(StoreConfig.file(file))) {
      assertEquals(2, FileSpaceTest.count(r), "both commits after reopen");
    }
  }
}
