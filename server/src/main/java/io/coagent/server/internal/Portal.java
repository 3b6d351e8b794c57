package io.coagent.server.internal;

import io.coagent.server.internal.wire.PgType;
import io.coagent.sql.SqlColumn;
import java.util.List;

/**
 * A bound statement (Bind), ready to execute: its parameter values and result formats, and, once
 * executed, the open result it streams from across Execute calls with a row limit.
 */
final class Portal {
  final String name;
  final Prepared prepared;
  final Object[] values;
  /** Per result column: true for binary; empty means all text, one entry applies to all. */
  final boolean[] binary;
  /** The result's rows once executed (a query), else null; {@link #sent} is the next to send. */
  List<Object[]> rows;
  List<SqlColumn> columns;
  PgType[] types;
  long sent;
  /** Run by Describe (a query the SQL layer describes only by running it). */
  boolean early;
  /** The command tag once the portal has run to completion; Execute again repeats it. */
  String completed;

  Portal(String name, Prepared prepared, Object[] values, boolean[] binary) {
    this.name = name;
    this.prepared = prepared;
    this.values = values;
    this.binary = binary;
  }

  boolean binary(int column) {
    if (binary.length == 0) {
      return false;
    }
    return binary.length == 1 ? binary[0] : binary[column];
  }

  void close() {
    rows = null; // a materialized result: closing only releases memory
    columns = null;
  }
}
