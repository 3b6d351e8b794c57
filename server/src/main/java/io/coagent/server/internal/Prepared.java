package io.coagent.server.internal;

import java.sql.PreparedStatement;

/**
 * A statement as the client prepared it (Parse, or one statement of a simple query): its
 * classification, its JDBC translation and, for SQL, the JDBC statement it runs as. A named one
 * lives until Close or the session's end; the unnamed one until the next Parse.
 */
final class Prepared {
  final String name;
  final String text;
  final Command command;
  final PgSql.Translated translated;
  /** Parameter type OIDs as the client declared them (0: unspecified), by $n - 1. */
  final int[] declaredOids;
  /** The JDBC statement for {@link Command.Kind#SQL}, else null. */
  final PreparedStatement statement;

  Prepared(String name, String text, Command command, PgSql.Translated translated,
      int[] declaredOids, PreparedStatement statement) {
    this.name = name;
    this.text = text;
    this.command = command;
    this.translated = translated;
    this.declaredOids = declaredOids;
    this.statement = statement;
  }

  int parameterCount() {
    return translated == null ? 0 : Math.max(translated.maxParam(), declaredOids.length);
  }
}
