package io.coagent.jdbc;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sqllogictest interpreter (format: shared/slt/README.md) running one script through a JDBC
 * connection and counting passed and failed queries and statements. Failures are grouped by a
 * short class (the SQLState and first words of the error, or "wrong result") for the report.
 */
final class SqlLogicTestRunner {
  static final String ENGINE = "coagent";

  int queries;
  int queriesPassed;
  int statements;
  int statementsPassed;
  final Map<String, Integer> failureClasses = new LinkedHashMap<>();
  final List<String> failureExamples = new ArrayList<>();
  private int hashThreshold = 0;

  void run(Path script, Connection c) throws IOException, SQLException {
    List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
    try (Statement st = c.createStatement()) {
      int i = 0;
      boolean skipNext = false;
      while (i < lines.size()) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          i++;
          continue;
        }
        String[] w = line.split("\\s+");
        switch (w[0]) {
          case "halt" -> {
            return;
          }
          case "hash-threshold" -> {
            hashThreshold = Integer.parseInt(w[1]);
            i++;
          }
          case "skipif" -> {
            skipNext |= w[1].equals(ENGINE);
            i++;
          }
          case "onlyif" -> {
            skipNext |= !w[1].equals(ENGINE);
            i++;
          }
          case "statement" -> {
            List<String> sql = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).isBlank(); i++) {
              sql.add(lines.get(i));
            }
            if (!skipNext) {
              statement(st, String.join("\n", sql), w[1].equals("ok"));
            }
            skipNext = false;
          }
          case "query" -> {
            List<String> sql = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).isBlank()
                && !lines.get(i).equals("----"); i++) {
              sql.add(lines.get(i));
            }
            List<String> expected = new ArrayList<>();
            if (i < lines.size() && lines.get(i).equals("----")) {
              for (i++; i < lines.size() && !lines.get(i).isBlank(); i++) {
                expected.add(lines.get(i).strip());
              }
            }
            if (!skipNext) {
              query(st, String.join("\n", sql), w[1], w.length > 2 ? w[2] : "nosort", expected);
            }
            skipNext = false;
          }
          default -> i++;
        }
      }
    }
  }

  private void statement(Statement st, String sql, boolean ok) {
    statements++;
    try {
      st.execute(sql);
      if (ok) {
        statementsPassed++;
      } else {
        fail("statement error expected but succeeded", sql);
      }
    } catch (SQLException e) {
      if (!ok) {
        statementsPassed++;
      } else {
        fail(classify(e), sql + " -> " + e.getMessage());
      }
    }
  }

  private void query(Statement st, String sql, String types, String sort, List<String> expected) {
    queries++;
    List<String> values = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
          row.add(format(rs.getObject(k), k - 1 < types.length() ? types.charAt(k - 1) : 'T'));
        }
        rows.add(row);
      }
      if (sort.equals("rowsort")) {
        rows.sort((a, b) -> Arrays.compare(a.toArray(String[]::new), b.toArray(String[]::new)));
      }
      rows.forEach(values::addAll);
      if (sort.equals("valuesort")) {
        values.sort(null);
      }
    } catch (SQLException e) {
      fail(classify(e), sql + " -> " + e.getMessage());
      return;
    }
    boolean hashed = expected.size() == 1 && expected.get(0).contains("values hashing to");
    boolean pass;
    if (hashed) {
      String[] h = expected.get(0).split("\\s+");
      pass = Integer.parseInt(h[0]) == values.size() && h[4].equals(md5(values));
    } else if (hashThreshold > 0 && values.size() > hashThreshold && expected.size() != values.size()) {
      pass = false;
    } else {
      pass = expected.equals(values);
    }
    if (pass) {
      queriesPassed++;
    } else {
      fail("wrong result", sql + " -> got " + (values.size() > 12 ? values.size() + " values"
          : values) + ", expected " + expected);
    }
  }

  private void fail(String kind, String detail) {
    failureClasses.merge(kind, 1, Integer::sum);
    if (failureExamples.size() < 40) {
      failureExamples.add("[" + kind + "] " + detail.replace('\n', ' '));
    }
  }

  private static String classify(SQLException e) {
    String m = String.valueOf(e.getMessage());
    String[] words = m.split("\\s+");
    return e.getSQLState() + " " + String.join(" ",
        Arrays.asList(words).subList(0, Math.min(4, words.length)));
  }

  static String format(Object v, char type) {
    if (v == null) {
      return "NULL";
    }
    switch (type) {
      case 'I' -> {
        if (v instanceof Number n) {
          return Long.toString(n instanceof BigDecimal d ? d.longValue() : n.longValue());
        }
        if (v instanceof Boolean b) {
          return b ? "1" : "0";
        }
        return "0";
      }
      case 'R' -> {
        double d = v instanceof Number n ? n.doubleValue() : 0.0;
        return String.format(Locale.ROOT, "%.3f", d);
      }
      default -> {
        String s = v.toString();
        return s.isEmpty() ? "(empty)" : s;
      }
    }
  }

  static String md5(List<String> values) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      for (String v : values) {
        md.update((v + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
