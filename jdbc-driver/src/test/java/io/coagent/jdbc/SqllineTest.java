package io.coagent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

/**
 * sqlline, the generic JDBC shell, run in-process against an embedded store: its metadata
 * commands ({@code !tables}, {@code !columns}, {@code !primarykeys}, {@code !indexes},
 * {@code !importedkeys}, {@code !typeinfo}, {@code !procedures}) and a query print their listings
 * with no error and no stack trace, including the connect (which reads the tables and columns for
 * completion).
 */
class SqllineTest {
  @TempDir
  Path dir;

  @Test
  void metadataCommandsAndAQuery_printTheirListings_withoutAnyError() throws Exception {
    String url = "jdbc:coagent:mem:sqlline-" + System.nanoTime();
    try (Connection keep = DriverManager.getConnection(url); Statement s = keep.createStatement()) {
      s.execute("CREATE TABLE inventory (sku VARCHAR PRIMARY KEY, qty INTEGER NOT NULL, "
          + "price DECIMAL(8,2))");
      s.executeUpdate("INSERT INTO inventory VALUES ('widget-7', 12, 3.50)");
      Path script = dir.resolve("script.sql");
      Files.writeString(script, String.join("\n", List.of("!tables", "!columns INVENTORY",
          "!primarykeys INVENTORY", "!indexes INVENTORY", "!importedkeys INVENTORY",
          "!typeinfo", "!procedures", "SELECT sku, qty FROM inventory;", "!quit")) + "\n");
      System.setProperty(SqlLine.SQLLINE_BASE_DIR, dir.toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SqlLine shell = new SqlLine();
      shell.setOutputStream(out);
      shell.setErrorStream(out);
      SqlLine.Status status = shell.begin(new String[] {"-u", url, "-n", "", "-p", "",
          "--fastConnect=false", "--color=false", "--showNestedErrs=true", "--verbose=true",
          "--maxWidth=400", "-f", script.toString()},
          new ByteArrayInputStream(new byte[0]), false);
      String text = out.toString(StandardCharsets.UTF_8);
      assertEquals(SqlLine.Status.OK, status, text);
      assertFalse(text.contains("Error") || text.contains("Exception") || text.contains("\tat "),
          text);
      for (String expected : List.of("INVENTORY", "SYSTEM TABLE", "INVENTORY_HISTORY",
          "TRAJECTORIES", "SKU", "QTY", "PK_INVENTORY", "PKTABLE_NAME", "DECIMAL", "TIMESTAMP",
          "VERIFY", "ACK", "widget-7", "1 row selected")) {
        assertTrue(text.contains(expected), expected + " missing in:\n" + text);
      }
    }
  }
}
