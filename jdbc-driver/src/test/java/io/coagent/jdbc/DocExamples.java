package io.coagent.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runnable examples of a Markdown page: every {@code ```sql} block, each optionally followed
 * (after blank lines only) by a {@code ```text} block with the expected output of its last
 * statement. Conventions inside a sql block, all SQL comments so the blocks stay pasteable:
 * {@code -- connection: operator} or {@code -- connection: agent=NAME} picks the connection
 * (default: the previous block's); {@code -- JDBC: commit()} / {@code rollback()} makes that
 * call; {@code -- expect error} marks the next statement as failing. Statements end with
 * {@code ;} at the end of a line.
 */
final class DocExamples {
  /** One sql block: its lines, the expected output lines (may be empty) and its position. */
  record Block(int line, List<String> sql, List<String> expected) {}

  private DocExamples() {}

  static List<Block> read(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<Block> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      if (!lines.get(i).strip().equals("```sql")) {
        i++;
        continue;
      }
      int start = i + 1;
      List<String> sql = new ArrayList<>();
      for (i = start; !lines.get(i).strip().equals("```"); i++) {
        sql.add(lines.get(i));
      }
      int j = i + 1;
      while (j < lines.size() && lines.get(j).isBlank()) {
        j++;
      }
      List<String> expected = new ArrayList<>();
      if (j < lines.size() && lines.get(j).strip().equals("```text")) {
        for (j = j + 1; !lines.get(j).strip().equals("```"); j++) {
          expected.add(lines.get(j));
        }
        i = j;
      }
      out.add(new Block(start, sql, expected));
      i++;
    }
    return out;
  }
}
