package io.coagent.server.internal;

import io.coagent.sql.PreparedSql;
import java.util.List;

/**
 * A statement as the client prepared it (Parse, or one statement of a simple query): its
 * classification, its translation and, for SQL, the session layer's plan it runs as. A named one
 * lives until Close or the session's end; the unnamed one until the next Parse.
 */
final class Prepared {
  final String name;
  final String text;
  final Command command;
  final PgSql.Translated translated;
  /** Parameter type OIDs as the client declared them (0: unspecified), by $n - 1. */
  final int[] declaredOids;
  /** The planned statement for {@link Command.Kind#SQL}, else null. */
  final PreparedSql statement;
  /**
   * PostgreSQL's names of the unnamed result columns ({@link io.coagent.sql.PgColumnNames}),
   * null when unknown.
   */
  final List<String> pgNames;

  Prepared(String name, String text, Command command, PgSql.Translated translated,
      int[] declaredOids, PreparedSql statement) {
    this.name = name;
    this.text = text;
    this.command = command;
    this.translated = translated;
    this.declaredOids = declaredOids;
    this.statement = statement;
    this.pgNames = statement == null || translated == null ? null
        : io.coagent.sql.PgColumnNames.of(translated.sql());
  }

  int parameterCount() {
    return translated == null ? 0 : Math.max(translated.maxParam(), declaredOids.length);
  }
}
