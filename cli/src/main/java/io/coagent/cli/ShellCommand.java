package io.coagent.cli;

import io.coagent.jdbc.CoAgentConnection;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coagent shell URL}: an interactive SQL shell for people, on an embedded store
 * ({@code jdbc:coagent:mem:} / {@code file:}) or a CoAgent server ({@code jdbc:postgresql://}).
 * Statements end with {@code ;} and may span lines; results print as aligned tables; backslash
 * commands: {@code \d} (tables), {@code \d NAME} (columns), {@code \n} (pending notifications),
 * {@code \q}. Notifications print as they arrive (embedded: pushed by the store's listener;
 * remote: read with each statement's response).
 *
 * <p>Bounds: a result prints at most {@link #MAX_ROWS} rows (the rest are counted), so a large
 * table cannot flood the terminal or the heap.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = "Interactive SQL shell on an embedded store or a CoAgent server.")
final class ShellCommand implements Callable<Integer> {
  static final int MAX_ROWS = 1000;

  @Parameters(index = "0", paramLabel = "URL", description = "jdbc:coagent:mem:NAME;agent=A, "
      + "jdbc:coagent:file:PATH;agent=A, or jdbc:postgresql://HOST:PORT/DB for a server.")
  String url;

  @Option(names = "--user", paramLabel = "ROLE", description = "Login role (server URLs).")
  String user;

  @Option(names = "--password", paramLabel = "PW", description = "Password (server URLs; or "
      + "COAGENT_PASSWORD).")
  String password;

  /** Where lines come from: JLine on a terminal, a plain reader on a pipe (as psql does). */
  interface Lines {
    /** The next line, or null at end of input. */
    String read(String prompt);

    /** Prints a line now, above the prompt being edited if there is one. */
    void above(String line);
  }

  @Override
  public Integer call() throws Exception {
    if (System.console() == null) {
      return run(System.in, System.out);
    }
    try (Terminal terminal = TerminalBuilder.builder().name("coagent").system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal)
          .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"),
              ".coagent_history"))
          .build();
      PrintWriter w = terminal.writer();
      return run(new Lines() {
        @Override
        public String read(String prompt) {
          while (true) {
            try {
              return reader.readLine(prompt);
            } catch (UserInterruptException e) {
              // Ctrl-C drops the line being typed, as in psql
            } catch (EndOfFileException e) {
              return null;
            }
          }
        }

        @Override
        public void above(String line) {
          if (reader.isReading()) {
            reader.printAbove(line);
          } else {
            w.println(line);
            w.flush();
          }
        }
      }, w);
    }
  }

  /** Runs on plain streams: a pipe, a script, a test. Prompts are not printed. */
  int run(InputStream in, OutputStream out) throws Exception {
    java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in,
        java.nio.charset.StandardCharsets.UTF_8));
    PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(out,
        java.nio.charset.StandardCharsets.UTF_8), true);
    return run(new Lines() {
      @Override
      public String read(String prompt) {
        try {
          return r.readLine();
        } catch (java.io.IOException e) {
          return null;
        }
      }

      @Override
      public void above(String line) {
        w.println(line); // PrintWriter locks itself: a pushed line never splits another
      }
    }, w);
  }

  private int run(Lines lines, PrintWriter w) throws Exception {
    Connection conn;
    try {
      conn = connect();
    } catch (SQLException e) {
      w.println("ERROR " + e.getSQLState() + ": " + e.getMessage());
      w.flush();
      return 1;
    }
    try (conn) {
      if (conn.isWrapperFor(CoAgentConnection.class)) {
        CoAgentConnection cc = conn.unwrap(CoAgentConnection.class);
        if (cc.agent() != null) {
          cc.setNotificationListener(n -> lines.above("NOTIFICATION " + n));
        }
      }
      w.println("coagent shell on " + url + " (statements end with ';', \\q quits, \\? help)");
      StringBuilder buf = new StringBuilder();
      while (true) {
        String line = lines.read(buf.length() == 0 ? "coagent> " : "     -> ");
        if (line == null) {
          break;
        }
        String t = line.strip();
        if (buf.length() == 0 && t.startsWith("\\")) {
          if (!backslash(conn, t, w)) {
            break;
          }
          continue;
        }
        if (t.isEmpty()) {
          continue;
        }
        buf.append(line).append('\n');
        if (t.endsWith(";")) {
          String sql = buf.toString().strip();
          buf.setLength(0);
          execute(conn, sql.substring(0, sql.length() - 1), w);
        }
      }
      w.flush();
      return 0;
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    String pw = password != null ? password : System.getenv("COAGENT_PASSWORD");
    if (pw != null) {
      p.setProperty("password", pw);
    }
    if (url.startsWith("jdbc:postgresql:") && !p.containsKey("sslmode") && !url.contains("sslmode")) {
      p.setProperty("sslmode", "disable");
    }
    return DriverManager.getConnection(url, p);
  }

  private void execute(Connection conn, String sql, PrintWriter w) {
    try (Statement s = conn.createStatement()) {
      boolean rows = s.execute(sql);
      if (rows) {
        try (ResultSet rs = s.getResultSet()) {
          printTable(rs, w);
        }
      } else {
        w.println("OK, " + s.getUpdateCount() + " row(s)");
      }
      warnings(s.getWarnings(), w);
      warnings(conn.getWarnings(), w);
      conn.clearWarnings();
      remoteNotifications(conn, w);
    } catch (SQLException e) {
      w.println("ERROR " + e.getSQLState() + ": " + e.getMessage());
    }
    w.flush();
  }

  private static void warnings(SQLWarning warning, PrintWriter w) {
    for (SQLWarning x = warning; x != null; x = x.getNextWarning()) {
      w.println("WARNING " + x.getSQLState() + ": " + x.getMessage());
    }
  }

  private static void remoteNotifications(Connection conn, PrintWriter w) throws SQLException {
    if (conn.isWrapperFor(org.postgresql.PGConnection.class)) {
      org.postgresql.PGNotification[] ns =
          conn.unwrap(org.postgresql.PGConnection.class).getNotifications();
      if (ns != null) {
        for (org.postgresql.PGNotification n : ns) {
          w.println("NOTIFICATION " + n.getParameter());
        }
      }
    }
  }

  /**
   * A table name as the catalog stores it: {@code "Name"} as written, an unquoted name folded the
   * way the database folds (upper case embedded, lower case through a server's pg_catalog).
   */
  static String identifier(DatabaseMetaData md, String name) throws SQLException {
    if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
      return name.substring(1, name.length() - 1);
    }
    return md.storesLowerCaseIdentifiers() ? name.toLowerCase(java.util.Locale.ROOT)
        : md.storesUpperCaseIdentifiers() ? name.toUpperCase(java.util.Locale.ROOT) : name;
  }

  /** Returns false to quit. */
  private boolean backslash(Connection conn, String cmd, PrintWriter w) {
    String[] parts = cmd.split("\\s+");
    try {
      switch (parts[0]) {
        case "\\q" -> {
          return false;
        }
        case "\\d" -> {
          DatabaseMetaData md = conn.getMetaData();
          try (ResultSet rs = parts.length > 1
              ? md.getColumns(null, null, identifier(md, parts[1]), null)
              : md.getTables(null, null, null, new String[] {"TABLE"})) {
            printTable(rs, w);
          }
        }
        case "\\n" -> {
          if (conn.isWrapperFor(CoAgentConnection.class)) {
            for (var n : conn.unwrap(CoAgentConnection.class).pendingNotifications()) {
              w.println("PENDING " + n);
            }
          } else {
            execute(conn, "SELECT * FROM SYS.NOTIFICATIONS WHERE STATE = 'PENDING'", w);
          }
        }
        default -> w.println("commands: \\d [TABLE]  \\n (pending notifications)  \\q");
      }
    } catch (SQLException e) {
      w.println("ERROR " + e.getSQLState() + ": " + e.getMessage());
    }
    w.flush();
    return true;
  }

  /** Prints a result as an aligned table, at most {@link #MAX_ROWS} rows. */
  static void printTable(ResultSet rs, PrintWriter w) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String[]> rows = new ArrayList<>();
    String[] head = new String[n];
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      head[i] = md.getColumnLabel(i + 1);
      width[i] = head[i].length();
    }
    long total = 0;
    while (rs.next()) {
      total++;
      if (rows.size() >= MAX_ROWS) {
        continue;
      }
      String[] r = new String[n];
      for (int i = 0; i < n; i++) {
        String v = rs.getString(i + 1);
        r[i] = v == null ? "null" : v;
        width[i] = Math.min(Math.max(width[i], r[i].length()), 80);
      }
      rows.add(r);
    }
    line(head, width, w);
    StringBuilder sep = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    w.println(sep);
    for (String[] r : rows) {
      line(r, width, w);
    }
    w.println("(" + total + (total == 1 ? " row" : " rows")
        + (total > rows.size() ? ", " + rows.size() + " shown" : "") + ")");
  }

  private static void line(String[] cells, int[] width, PrintWriter w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i].length() > width[i] ? cells[i].substring(0, width[i] - 1) + "~"
          : cells[i];
      b.append(i == 0 ? "" : " | ").append(c).append(" ".repeat(width[i] - c.length()));
    }
    w.println(b.toString().stripTrailing());
  }
}
