package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The driver's public API: self-contained (no engine class in it) and truly immutable. */
class PublicApiTest {
  private static final List<Class<?>> API = List.of(CoAgentConnection.class,
      CoAgentDriver.class, CoAgentDataSource.class, Notification.class,
      Notification.Cause.class, NotificationListener.class, Operation.class, Operation.Kind.class,
      Operation.State.class, Operation.Write.class, Row.class);

  private static void collect(Type t, List<String> out) {
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      out.add(c.getName());
    } else if (t instanceof ParameterizedType p) {
      collect(p.getRawType(), out);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, out);
      }
    }
  }

  @Test
  void publicSignatures_nameNoEngineClass() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : API) {
      for (Method m : c.getMethods()) {
        if (!Modifier.isPublic(m.getModifiers())) {
          continue;
        }
        List<String> types = new ArrayList<>();
        collect(m.getGenericReturnType(), types);
        for (Type p : m.getGenericParameterTypes()) {
          collect(p, types);
        }
        for (String t : types) {
          if (t.startsWith("io.coagent.") && !t.startsWith("io.coagent.jdbc.")
              || t.startsWith("io.coagent.jdbc.internal.")) {
            leaks.add(c.getSimpleName() + "." + m.getName() + " uses " + t);
          }
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void apiRecords_haveNoArrayComponents() {
    for (Class<?> c : API) {
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          assertTrue(!rc.getType().isArray(), c.getSimpleName() + "." + rc.getName()
              + " is an array: callers could change it");
        }
      }
    }
  }

  @Test
  void row_copiesBinaryValuesInAndOut_andRefusesChanges() {
    byte[] b = {1, 2, 3};
    Row r = Row.of(7, b, null);
    b[0] = 99;
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) r.get(1), "copied in");
    ((byte[]) r.get(1))[0] = 42;
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) r.get(1), "copied out");
    assertNull(r.get(2));
    assertThrows(UnsupportedOperationException.class, () -> r.set(0, 8));
    assertThrows(UnsupportedOperationException.class, () -> r.add(8));
    assertEquals(Row.of(7, new byte[] {1, 2, 3}, null), r, "equality is by content");
    assertEquals(Row.of(7, new byte[] {1, 2, 3}, null).hashCode(), r.hashCode());
    assertNull(Row.of((Object[]) null));
  }

  @Test
  void embeddedNotification_isImmutable_andCarriesTheRowImages() throws Exception {
    String url = "jdbc:coagent:mem:api-" + UUID.randomUUID();
    try (Connection op = DriverManager.getConnection(url); Statement s = op.createStatement()) {
      s.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER)");
      s.execute("INSERT INTO stock VALUES (1, 10)");
    }
    try (Connection low = DriverManager.getConnection(url + ";agent=low");
        Connection high = DriverManager.getConnection(url + ";agent=high");
        Statement l = low.createStatement(); Statement h = high.createStatement()) {
      h.executeQuery("SELECT qty FROM stock WHERE id = 1").close();
      l.executeUpdate("UPDATE stock SET qty = 15 WHERE id = 1");
      CoAgentConnection ch = high.unwrap(CoAgentConnection.class);
      Notification n = ch.await(java.time.Duration.ofSeconds(10)).orElseThrow();
      assertEquals(Row.of(1), n.key());
      assertEquals(List.of(1, 10), n.seen());
      assertEquals(List.of(1, 15), n.now());
      assertEquals(Notification.Cause.WRITE, n.cause());
      assertThrows(UnsupportedOperationException.class, () -> n.now().set(1, 0));
      assertThrows(UnsupportedOperationException.class, () -> n.readOperations().add(0L));
      List<Operation> ops = low.unwrap(CoAgentConnection.class).operations();
      Operation w = ops.get(ops.size() - 1);
      assertEquals(Operation.Kind.UPDATE, w.kind());
      assertEquals(Operation.State.APPLIED, w.state());
      assertEquals(List.of(new Operation.Write("STOCK", Row.of(1), Row.of(1, 10),
          Row.of(1, 15))), w.writes());
      assertThrows(UnsupportedOperationException.class, () -> ops.remove(0));
    }
  }
}
