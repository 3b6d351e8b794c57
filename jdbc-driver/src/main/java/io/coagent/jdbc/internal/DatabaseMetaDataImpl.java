package io.coagent.jdbc.internal;

import io.coagent.engine.ColumnDef;
import io.coagent.engine.TableDef;
import io.coagent.jdbc.CoAgentConnection;
import io.coagent.sql.SqlColumn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.schema.lookup.LikePattern;

/**
 * Enough metadata for generic tools: product and driver identity, transaction capabilities, and
 * the table, column and primary-key listings of the store's single schema {@code COAGENT}.
 */
final class DatabaseMetaDataImpl extends AbstractDatabaseMetaData {
  private final ConnectionImpl conn;

  DatabaseMetaDataImpl(ConnectionImpl conn) {
    this.conn = conn;
  }

  private static SqlColumn col(String name, int type) {
    String cls = type == Types.INTEGER ? Integer.class.getName()
        : type == Types.SMALLINT ? Integer.class.getName() : String.class.getName();
    return new SqlColumn(name, "", type, type == Types.VARCHAR ? "VARCHAR" : "INTEGER", 0, 0,
        true, cls);
  }

  /** Every method fails with 08003 once the connection is closed. */
  @Override
  void checkOpen() throws SQLException {
    conn.checkOpen();
  }

  private ResultSet result(List<SqlColumn> cols, List<Object[]> rows) {
    return new ResultSetImpl(conn, cols, rows);
  }

  private List<TableDef> tables(String pattern) throws SQLException {
    return Errors.guard("DatabaseMetaData table pattern " + pattern, () -> {
      var m = LikePattern.matcher(pattern == null ? "%" : pattern);
      return conn.engine().store().tables().stream().filter(t -> m.apply(t.name()))
          .sorted((a, b) -> a.name().compareTo(b.name())).toList();
    });
  }

  @Override
  public ResultSet getTables(String catalog, String schema, String table, String[] types) throws SQLException {
    checkOpen();
    List<SqlColumn> cols = new ArrayList<>();
    for (String n : List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS",
        "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION")) {
      cols.add(col(n, Types.VARCHAR));
    }
    List<Object[]> rows = new ArrayList<>();
    for (TableDef t : tables(table)) {
      rows.add(new Object[] {null, "COAGENT", t.name(), "TABLE", null, null, null, null, null,
          null});
    }
    return result(cols, rows);
  }

  @Override
  public ResultSet getColumns(String catalog, String schema, String table, String column) throws SQLException {
    checkOpen();
    List<SqlColumn> cols = List.of(col("TABLE_CAT", Types.VARCHAR),
        col("TABLE_SCHEM", Types.VARCHAR), col("TABLE_NAME", Types.VARCHAR),
        col("COLUMN_NAME", Types.VARCHAR), col("DATA_TYPE", Types.INTEGER),
        col("TYPE_NAME", Types.VARCHAR), col("COLUMN_SIZE", Types.INTEGER),
        col("NULLABLE", Types.INTEGER), col("ORDINAL_POSITION", Types.INTEGER),
        col("IS_NULLABLE", Types.VARCHAR));
    var m = Errors.guard("DatabaseMetaData column pattern " + column,
        () -> LikePattern.matcher(column == null ? "%" : column));
    List<Object[]> rows = new ArrayList<>();
    for (TableDef t : tables(table)) {
      for (int i = 0; i < t.columns().size(); i++) {
        ColumnDef c = t.columns().get(i);
        if (m.apply(c.name())) {
          rows.add(new Object[] {null, "COAGENT", t.name(), c.name(), jdbcType(c), c.type().name(),
              0, c.nullable() ? 1 : 0, i + 1, c.nullable() ? "YES" : "NO"});
        }
      }
    }
    return result(cols, rows);
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    checkOpen();
    List<SqlColumn> cols = List.of(col("TABLE_CAT", Types.VARCHAR),
        col("TABLE_SCHEM", Types.VARCHAR), col("TABLE_NAME", Types.VARCHAR),
        col("COLUMN_NAME", Types.VARCHAR), col("KEY_SEQ", Types.SMALLINT),
        col("PK_NAME", Types.VARCHAR));
    List<Object[]> rows = new ArrayList<>();
    for (TableDef t : tables(table)) {
      for (int k = 0; k < t.primaryKey().size(); k++) {
        rows.add(new Object[] {null, "COAGENT", t.name(),
            t.columns().get(t.primaryKey().get(k)).name(), k + 1, "PK_" + t.name()});
      }
    }
    return result(cols, rows);
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    checkOpen();
    return result(List.of(col("TABLE_SCHEM", Types.VARCHAR), col("TABLE_CATALOG", Types.VARCHAR)),
        List.<Object[]>of(new Object[] {"COAGENT", null}));
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    checkOpen();
    return result(List.of(col("TABLE_CAT", Types.VARCHAR)), List.of());
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    checkOpen();
    return result(List.of(col("TABLE_TYPE", Types.VARCHAR)),
        List.<Object[]>of(new Object[] {"TABLE"}));
  }

  static int jdbcType(ColumnDef c) {
    return switch (c.type()) {
      case INTEGER -> Types.INTEGER;
      case BIGINT -> Types.BIGINT;
      case DOUBLE -> Types.DOUBLE;
      case DECIMAL -> Types.DECIMAL;
      case VARCHAR, JSON -> Types.VARCHAR;
      case BOOLEAN -> Types.BOOLEAN;
      case TIMESTAMP -> Types.TIMESTAMP;
      case DATE -> Types.DATE;
      case TIME -> Types.TIME;
      case TIMESTAMP_TZ -> Types.TIMESTAMP_WITH_TIMEZONE;
      case UUID -> Types.OTHER;
      case BINARY -> Types.VARBINARY;
    };
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return conn;
  }

  @Override
  public String getURL() throws SQLException {
    checkOpen();
    return conn.url();
  }

  @Override
  public String getUserName() throws SQLException {
    checkOpen();
    return conn.agent();
  }

  @Override
  public String getDatabaseProductName() throws SQLException {
    checkOpen();
    return "CoAgent";
  }

  @Override
  public String getDatabaseProductVersion() throws SQLException {
    checkOpen();
    return "0.1.0";
  }

  @Override
  public String getDriverName() throws SQLException {
    checkOpen();
    return "CoAgent JDBC";
  }

  @Override
  public String getDriverVersion() throws SQLException {
    checkOpen();
    return "0.1.0";
  }

  @Override
  public int getDriverMajorVersion() {
    return 0;
  }

  @Override
  public int getDriverMinorVersion() {
    return 1;
  }

  @Override
  public int getDatabaseMajorVersion() throws SQLException {
    checkOpen();
    return 0;
  }

  @Override
  public int getDatabaseMinorVersion() throws SQLException {
    checkOpen();
    return 1;
  }

  @Override
  public int getJDBCMajorVersion() throws SQLException {
    checkOpen();
    return 4;
  }

  @Override
  public int getJDBCMinorVersion() throws SQLException {
    checkOpen();
    return 2;
  }

  @Override
  public String getIdentifierQuoteString() throws SQLException {
    checkOpen();
    return "\"";
  }

  @Override
  public boolean storesUpperCaseIdentifiers() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public boolean supportsTransactions() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public boolean supportsSavepoints() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public boolean supportsBatchUpdates() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public boolean supportsGetGeneratedKeys() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public int getDefaultTransactionIsolation() throws SQLException {
    checkOpen();
    return CoAgentConnection.TRANSACTION_MTPO;
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
    checkOpen();
    return level == CoAgentConnection.TRANSACTION_MTPO
        || level == CoAgentConnection.TRANSACTION_OCC
        || level == Connection.TRANSACTION_SERIALIZABLE
        || level == Connection.TRANSACTION_READ_COMMITTED;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return false;
  }
}
