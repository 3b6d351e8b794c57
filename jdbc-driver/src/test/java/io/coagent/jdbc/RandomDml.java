package io.coagent.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random INSERT/UPDATE/DELETE statements over three tables that any SQL engine runs the same way:
 * P (integer key, every column type), C (composite key VARCHAR + BIGINT), H (no primary key,
 * small value pools so that identical rows are common), X (integer key; DATE, TIME, TIMESTAMP WITH
 * TIME ZONE, UUID, VARBINARY, DECIMAL(10,2), CLOB) and Y (no key, small pools of those types). Most statements are parameterized
 * templates (planned once); a few carry literals (quotes, JSON, unicode, timestamps) in their
 * text. Values avoid what two engines may legitimately disagree on: NaN, infinities, -0.0,
 * integer overflow, DECIMAL scale beyond 10, and UPDATE/DELETE row limits without an order.
 */
final class RandomDml {
  /** One statement: SQL text and its parameter values. */
  record Dml(String sql, List<Object> params) {}

  static final String[] DDL = {
    "CREATE TABLE P (ID INTEGER PRIMARY KEY, S VARCHAR, D DOUBLE, N DECIMAL(38,10), B BOOLEAN, "
        + "TS TIMESTAMP, J JSON, BIG BIGINT)",
    "CREATE TABLE C (K VARCHAR NOT NULL, V BIGINT NOT NULL, I INTEGER, S VARCHAR, "
        + "PRIMARY KEY (K, V))",
    "CREATE TABLE H (A INTEGER, S VARCHAR, D DOUBLE, N DECIMAL(38,10), TS TIMESTAMP, J JSON, "
        + "B BOOLEAN)",
    "CREATE TABLE X (ID INTEGER PRIMARY KEY, DA DATE, TI TIME(3), TZ TIMESTAMP WITH TIME ZONE, "
        + "U UUID, BIN VARBINARY, M DECIMAL(10,2), TX CLOB)",
    "CREATE TABLE Y (DA DATE, U UUID, BIN VARBINARY, M DECIMAL(10,2))"};
  static final String[] TABLES = {"P", "C", "H", "X", "Y"};

  private static final String[] STRINGS = {"", "a", "it's", "say \"hi\"", "semi;colon",
    "-- not a comment", "/* nor this */", "back\\slash", "new\nline", "tab\there", "é ü ß", "中文",
    "😀 emoji", "NULL", "'; DROP TABLE P; --", "x".repeat(60)};
  private static final String[] JSON = {"{}", "[]", "{\"a\": 1}", "{\"q\": \"it's \\\"x\\\"\"}",
    "[1, 2.5, null, true]", "{\"nested\": {\"k\": [\"v;1\", \"--\"]}}", "\"str\"", "null"};
  private static final String[] KEYS = {"a", "b'", "c\"", "d;", "e é", "f"};
  private static final double[] DOUBLES = {1.5, -0.25, 0.1, 1e-300, 1e300, 123456.789, -7.0};
  private static final String[] SETS_P = {"S", "D", "N", "B", "TS", "J", "BIG", "S, J", "D, N",
    "B, TS, BIG", "S, D, N, B, TS, J, BIG"};
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final Random rnd;

  RandomDml(long seed) {
    this.rnd = new Random(seed);
  }

  Dml next() {
    if (rnd.nextInt(4) == 0) {
      return nextNewTypes();
    }
    int k = rnd.nextInt(100);
    if (k < 12) {
      return insert("P", 1 + rnd.nextInt(4), rnd.nextInt(4) == 0);
    } else if (k < 20) {
      return insert("C", 1 + rnd.nextInt(3), false);
    } else if (k < 32) {
      return insert("H", 1 + rnd.nextInt(4), rnd.nextInt(4) == 0);
    } else if (k < 45) {
      List<Object> p = new ArrayList<>();
      StringBuilder sql = updateSet("P", pick(SETS_P), p);
      return where(sql, p, rnd.nextInt(4));
    } else if (k < 50) {
      return dml("UPDATE P SET BIG = ?, S = S || CAST(? AS VARCHAR), D = D + CAST(? AS DOUBLE) WHERE ID BETWEEN ? AND ?",
          value("P", "BIG"), pick(STRINGS), 0.5, id(), id());
    } else if (k < 56) {
      return rnd.nextBoolean() ? dml("UPDATE P SET ID = ? WHERE ID = ?", id(), id())
          : dml("UPDATE P SET ID = ID + 1000 WHERE ID BETWEEN ? AND ?", id(), id());
    } else if (k < 58) {
      return new Dml("UPDATE P SET S = " + literal(value("P", "S")) + ", TS = "
          + literal(value("P", "TS")) + ", J = " + literal(value("P", "J")) + " WHERE ID = "
          + id(), List.of());
    } else if (k < 66) {
      int lo = id();
      return switch (rnd.nextInt(3)) {
        case 0 -> dml("DELETE FROM P WHERE ID BETWEEN ? AND ?", lo, lo + rnd.nextInt(6));
        case 1 -> dml("DELETE FROM P WHERE ID = ?", lo);
        default -> dml("DELETE FROM P WHERE B = ? AND ID < ?", rnd.nextBoolean(), lo);
      };
    } else if (k < 74) {
      return switch (rnd.nextInt(3)) {
        case 0 -> dml("UPDATE C SET I = ?, S = ? WHERE K = ?", value("C", "I"), value("C", "S"),
            pick(KEYS));
        case 1 -> dml("UPDATE C SET V = V + 100 WHERE K = ? AND V = ?", pick(KEYS), value("C", "V"));
        default -> dml("UPDATE C SET I = I + 1 WHERE V < ?", value("C", "V"));
      };
    } else if (k < 78) {
      return dml("DELETE FROM C WHERE K = ? AND V < ?", pick(KEYS), value("C", "V"));
    } else if (k < 92) {
      return switch (rnd.nextInt(3)) {
        case 0 -> dml("UPDATE H SET S = ? WHERE A = ?", value("H", "S"), value("H", "A"));
        case 1 -> dml("UPDATE H SET A = A + 1, TS = ? WHERE A BETWEEN ? AND ?", value("H", "TS"),
            value("H", "A"), value("H", "A"));
        default -> dml("UPDATE H SET J = ?, B = ?, N = ? WHERE S IS NULL", value("H", "J"),
            value("H", "B"), value("H", "N"));
      };
    }
    return rnd.nextBoolean() ? dml("DELETE FROM H WHERE A = ?", value("H", "A"))
        : dml("DELETE FROM H WHERE S = ? AND A < ?", value("H", "S"), value("H", "A"));
  }

  private static final String[] SETS_X = {"DA", "TI", "TZ", "U", "BIN", "M", "TX", "DA, TZ",
    "U, BIN, M", "DA, TI, TZ, U, BIN, M, TX"};

  /** Statements on X and Y, the tables of the later types. */
  private Dml nextNewTypes() {
    int k = rnd.nextInt(100);
    if (k < 20) {
      return insert("X", 1 + rnd.nextInt(3), rnd.nextInt(3) == 0);
    } else if (k < 35) {
      return insert("Y", 1 + rnd.nextInt(3), rnd.nextInt(3) == 0);
    } else if (k < 65) {
      List<Object> p = new ArrayList<>();
      StringBuilder sql = updateSet("X", pick(SETS_X), p);
      if (rnd.nextBoolean()) {
        sql.append(" WHERE ID BETWEEN ? AND ?");
        int lo = id();
        p.add(lo);
        p.add(lo + rnd.nextInt(10));
      } else {
        sql.append(" WHERE DA < ?");
        p.add(date());
      }
      return new Dml(sql.toString(), p);
    } else if (k < 72) {
      return dml("UPDATE X SET M = M + 1, DA = DA + INTERVAL '1' DAY WHERE ID = ?", id());
    } else if (k < 80) {
      return dml("UPDATE Y SET M = ?, BIN = ? WHERE DA = ?", value("Y", "M"), value("Y", "BIN"),
          date());
    } else if (k < 90) {
      return dml("DELETE FROM X WHERE ID BETWEEN ? AND ?", id(), id());
    }
    return dml("DELETE FROM Y WHERE U = ?", value("Y", "U"));
  }

  /** {@code UPDATE table SET c1 = ?, ...} for the columns of {@code set}, values added to p. */
  private StringBuilder updateSet(String table, String set, List<Object> p) {
    StringBuilder sql = new StringBuilder("UPDATE " + table + " SET ");
    for (String c : set.split(", ")) {
      sql.append(p.isEmpty() ? "" : ", ").append(c).append(" = ?");
      p.add(value(table, c));
    }
    return sql;
  }

  private static final String[] UUIDS = {"00000000-0000-0000-0000-000000000000",
    "123e4567-e89b-12d3-a456-426614174000", "ffffffff-ffff-ffff-ffff-ffffffffffff"};

  private ZoneOffset offset() {
    int h = rnd.nextInt(25) - 12;
    return ZoneOffset.ofHoursMinutes(h, h != 0 && rnd.nextBoolean() ? 30 * Integer.signum(h) : 0);
  }

  private LocalDate date() {
    return LocalDate.ofEpochDay(-25_000 + rnd.nextInt(50_000));
  }

  /** Multi-row INSERT, with parameters or literals; H rows are often exact duplicates. */
  Dml insert(String table, int rows, boolean literals) {
    String[] cols = switch (table) {
      case "P" -> new String[] {"ID", "S", "D", "N", "B", "TS", "J", "BIG"};
      case "C" -> new String[] {"K", "V", "I", "S"};
      case "X" -> new String[] {"ID", "DA", "TI", "TZ", "U", "BIN", "M", "TX"};
      case "Y" -> new String[] {"DA", "U", "BIN", "M"};
      default -> new String[] {"A", "S", "D", "N", "TS", "J", "B"};
    };
    StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + String.join(", ", cols)
        + ") VALUES ");
    List<Object> params = new ArrayList<>();
    List<Object> previous = null;
    for (int r = 0; r < rows; r++) {
      List<Object> row = new ArrayList<>();
      for (String c : cols) {
        row.add(value(table, c));
      }
      if ((table.equals("H") || table.equals("Y")) && previous != null && rnd.nextBoolean()) {
        row = previous;
      }
      previous = row;
      sql.append(r > 0 ? ", (" : "(");
      for (int i = 0; i < row.size(); i++) {
        sql.append(i > 0 ? ", " : "").append(literals ? literal(row.get(i)) : "?");
      }
      sql.append(')');
      if (!literals) {
        params.addAll(row);
      }
    }
    return new Dml(sql.toString(), params);
  }

  private Dml where(StringBuilder sql, List<Object> p, int form) {
    switch (form) {
      case 0 -> sql.append(" WHERE ID = ?");
      case 1 -> sql.append(" WHERE ID BETWEEN ? AND ?");
      case 2 -> sql.append(" WHERE S IS NULL AND ID < ?");
      default -> sql.append(" WHERE B = ?");
    }
    int lo = id();
    switch (form) {
      case 0, 2 -> p.add(lo);
      case 1 -> {
        p.add(lo);
        p.add(lo + rnd.nextInt(10));
      }
      default -> p.add(rnd.nextBoolean());
    }
    return new Dml(sql.toString(), p);
  }

  private static Dml dml(String sql, Object... params) {
    return new Dml(sql, java.util.Arrays.asList(params));
  }

  /** A random value for column {@code col} of {@code table}; nullable columns are NULL at 15%. */
  Object value(String table, String col) {
    boolean small = table.equals("Y");
    boolean key = ((table.equals("P") || table.equals("X")) && col.equals("ID"))
        || table.equals("C")
        && (col.equals("K") || col.equals("V"));
    if (!key && rnd.nextInt(100) < 15) {
      return null;
    }
    return switch (col) {
      case "ID" -> id();
      case "A" -> rnd.nextInt(12);
      case "I" -> rnd.nextInt(2001) - 1000;
      case "K" -> pick(KEYS);
      case "V" -> (long) rnd.nextInt(8);
      case "S" -> rnd.nextInt(3) == 0 ? "r" + rnd.nextInt(1000) : pick(STRINGS);
      case "D" -> rnd.nextBoolean() ? DOUBLES[rnd.nextInt(DOUBLES.length)]
          : Math.round(rnd.nextGaussian() * 1e6) / 1e3;
      case "N" -> new BigDecimal(new BigInteger(rnd.nextInt(93) + 1, rnd)
          .multiply(BigInteger.valueOf(rnd.nextBoolean() ? 1 : -1)), rnd.nextInt(11));
      case "B" -> rnd.nextBoolean();
      case "TS" -> LocalDateTime.ofEpochSecond(-2_208_988_800L + (long) (rnd.nextDouble()
          * 6_311_390_400L), rnd.nextInt(1000) * 1_000_000, ZoneOffset.UTC);
      case "J" -> pick(JSON);
      case "BIG" -> rnd.nextBoolean() ? rnd.nextLong() : (long) rnd.nextInt(100);
      case "DA" -> small ? LocalDate.of(2026, 1, 1 + rnd.nextInt(3)) : date();
      case "TI" -> LocalTime.ofNanoOfDay(rnd.nextInt(86_400_000) * 1_000_000L);
      case "TZ" -> LocalDateTime.ofEpochSecond(-2_208_988_800L + (long) (rnd.nextDouble()
          * 6_311_390_400L), rnd.nextInt(1000) * 1_000_000, ZoneOffset.UTC)
          .atOffset(offset());
      case "U" -> small ? UUID.fromString(pick(UUIDS)) : new UUID(rnd.nextLong(), rnd.nextLong());
      case "BIN" -> {
        byte[] b = new byte[small ? rnd.nextInt(2) : rnd.nextInt(9)];
        rnd.nextBytes(b);
        yield b;
      }
      case "M" -> BigDecimal.valueOf(small ? rnd.nextInt(3) * 125 : rnd.nextInt(2_000_000)
          - 1_000_000, small ? 2 : rnd.nextInt(3));
      case "TX" -> rnd.nextInt(3) == 0 ? "r" + rnd.nextInt(1000) : pick(STRINGS);
      default -> throw new IllegalArgumentException(col);
    };
  }

  private int id() {
    return rnd.nextInt(200);
  }

  private <T> T pick(T[] pool) {
    return pool[rnd.nextInt(pool.length)];
  }

  /** A SQL literal written by hand (not with jOOQ), so the test does not share the renderer. */
  static String literal(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (v instanceof LocalDateTime t) {
      return "TIMESTAMP '" + TS.format(t) + "'";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (v instanceof LocalDate d) {
      return "DATE '" + d + "'";
    }
    if (v instanceof LocalTime t) {
      return "TIME '" + DateTimeFormatter.ofPattern("HH:mm:ss.SSS").format(t) + "'";
    }
    if (v instanceof java.time.OffsetDateTime o) {
      return "'" + TS.format(o) + DateTimeFormatter.ofPattern("xxx").format(o) + "'";
    }
    if (v instanceof UUID u) {
      return "'" + u + "'";
    }
    if (v instanceof byte[] b) {
      return "X'" + java.util.HexFormat.of().formatHex(b) + "'";
    }
    return v.toString();
  }
}
