package io.coagent.samples.sim;

/** Tests outside this package build tool calls through here (the factories are package-private). */
public final class ToolCallsForTest {
  private ToolCallsForTest() {}

  public static ToolCall.Query get(String name, String table, String keyColumn, Object key) {
    return ToolCall.get(name, table, keyColumn, key);
  }

  public static ToolCall.Write update(String table, String keyColumn, Object key,
      Object... sets) {
    return ToolCall.update(table, keyColumn, key, sets);
  }
}
