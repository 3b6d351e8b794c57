package io.coagent.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's main command runs {@link Demo}; this keeps it working and its story true. */
class DemoTest {
  @Test
  void demo_mtpoMatchesSerial_andNaiveLosesTheRestock() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    long[] result = Demo.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String text = buf.toString(StandardCharsets.UTF_8);
    assertArrayEquals(new long[] {12, 2}, result, text);
    assertTrue(text.contains("orders is notified"), text);
    assertTrue(text.contains("serial-equivalent"), text);
  }
}
