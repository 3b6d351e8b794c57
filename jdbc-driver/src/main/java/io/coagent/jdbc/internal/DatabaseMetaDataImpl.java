package io.coagent.jdbc.internal;

import io.coagent.jdbc.CoAgentConnection;
import io.coagent.sql.SqlCatalog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Every {@code DatabaseMetaData} method, as generic tools call it: product and driver identity,
 * honest capability answers ({@code supports*} true only where the statement works, which
 * {@code MetaDataFeaturesTest} checks by running it), limits (0: none is fixed), keywords and
 * function lists taken from the SQL front end, and the listings of {@link MetadataListings}
 * (schema {@code COAGENT} holds the user tables, schema {@code SYS} the system tables, history
 * relations and procedures). Holds no state but its connection; every method fails with 08003
 * once the connection is closed.
 */
final class DatabaseMetaDataImpl extends AbstractDatabaseMetaData {
  private final ConnectionImpl conn;

  private final MetadataListings listings;

  DatabaseMetaDataImpl(ConnectionImpl conn) {
    this.conn = conn;
    this.listings = new MetadataListings(conn);
  }

  /** Every method fails with 08003 once the connection is closed. */
  @Override
  void checkOpen() throws SQLException {
    conn.checkOpen();
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
    return conn.isReadOnly();
  }

  // ---- result-set listings (MetadataListings) ----

  @Override
  public ResultSet getTables(String catalog, String schema, String table, String[] types)
      throws SQLException {
    checkOpen();
    return listings.tables(catalog, schema, table, types);
  }

  @Override
  public ResultSet getColumns(String catalog, String schema, String table, String column)
      throws SQLException {
    checkOpen();
    return listings.columns(catalog, schema, table, column);
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table)
      throws SQLException {
    checkOpen();
    return listings.primaryKeys(catalog, schema, table);
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    checkOpen();
    return listings.schemas(null, null);
  }

  @Override
  public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
    checkOpen();
    return listings.schemas(catalog, schemaPattern);
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    checkOpen();
    return listings.catalogs();
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    checkOpen();
    return listings.tableTypes();
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    checkOpen();
    return listings.typeInfo();
  }

  /** The primary key is the one index (unique); {@code approximate} changes nothing. */
  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique,
      boolean approximate) throws SQLException {
    checkOpen();
    return listings.indexInfo(catalog, schema, table, unique);
  }

  @Override
  public ResultSet getImportedKeys(String catalog, String schema, String table)
      throws SQLException {
    checkOpen();
    return listings.foreignKeys(null, null, null, catalog, schema, table, false);
  }

  @Override
  public ResultSet getExportedKeys(String catalog, String schema, String table)
      throws SQLException {
    checkOpen();
    return listings.foreignKeys(catalog, schema, table, null, null, null, true);
  }

  @Override
  public ResultSet getCrossReference(String parentCatalog, String parentSchema,
      String parentTable, String foreignCatalog, String foreignSchema, String foreignTable)
      throws SQLException {
    checkOpen();
    return listings.foreignKeys(parentCatalog, parentSchema, parentTable, foreignCatalog,
        foreignSchema, foreignTable, true);
  }

  @Override
  public ResultSet getProcedures(String catalog, String schema, String procedure)
      throws SQLException {
    checkOpen();
    return listings.procedures(catalog, schema, procedure);
  }

  @Override
  public ResultSet getProcedureColumns(String catalog, String schema, String procedure,
      String column) throws SQLException {
    checkOpen();
    return listings.procedureColumns(catalog, schema, procedure, column);
  }

  @Override
  public ResultSet getFunctions(String catalog, String schema, String function)
      throws SQLException {
    checkOpen();
    return listings.functions(catalog, schema, function);
  }

  @Override
  public ResultSet getFunctionColumns(String catalog, String schema, String function,
      String column) throws SQLException {
    checkOpen();
    return listings.functionColumns();
  }

  @Override
  public ResultSet getUDTs(String catalog, String schema, String type, int[] types)
      throws SQLException {
    checkOpen();
    return listings.udts();
  }

  @Override
  public ResultSet getSuperTypes(String catalog, String schema, String type) throws SQLException {
    checkOpen();
    return listings.superTypes();
  }

  @Override
  public ResultSet getSuperTables(String catalog, String schema, String table)
      throws SQLException {
    checkOpen();
    return listings.superTables();
  }

  @Override
  public ResultSet getAttributes(String catalog, String schema, String type, String attribute)
      throws SQLException {
    checkOpen();
    return listings.attributes();
  }

  @Override
  public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope,
      boolean nullable) throws SQLException {
    checkOpen();
    return listings.bestRowIdentifier(catalog, schema, table);
  }

  @Override
  public ResultSet getVersionColumns(String catalog, String schema, String table)
      throws SQLException {
    checkOpen();
    return listings.versionColumns();
  }

  @Override
  public ResultSet getColumnPrivileges(String catalog, String schema, String table,
      String column) throws SQLException {
    checkOpen();
    return listings.columnPrivileges();
  }

  @Override
  public ResultSet getTablePrivileges(String catalog, String schema, String table)
      throws SQLException {
    checkOpen();
    return listings.tablePrivileges();
  }

  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    checkOpen();
    return listings.clientInfoProperties();
  }

  @Override
  public ResultSet getPseudoColumns(String catalog, String schema, String table, String column)
      throws SQLException {
    checkOpen();
    return listings.pseudoColumns();
  }

  // ---- names, terms, keywords and functions ----

  /** Unquoted identifiers are letters, digits, {@code _} and {@code $} (Calcite's lexer). */
  @Override
  public String getExtraNameCharacters() throws SQLException {
    checkOpen();
    return "$";
  }

  @Override
  public String getSearchStringEscape() throws SQLException {
    checkOpen();
    return MetadataListings.ESCAPE;
  }

  @Override
  public String getSQLKeywords() throws SQLException {
    checkOpen();
    return SqlCatalog.sqlKeywords();
  }

  @Override
  public String getNumericFunctions() throws SQLException {
    checkOpen();
    return SqlCatalog.numericFunctions();
  }

  @Override
  public String getStringFunctions() throws SQLException {
    checkOpen();
    return SqlCatalog.stringFunctions();
  }

  @Override
  public String getSystemFunctions() throws SQLException {
    checkOpen();
    return SqlCatalog.systemFunctions();
  }

  @Override
  public String getTimeDateFunctions() throws SQLException {
    checkOpen();
    return SqlCatalog.timeDateFunctions();
  }

  @Override
  public String getSchemaTerm() throws SQLException {
    checkOpen();
    return "schema";
  }

  @Override
  public String getProcedureTerm() throws SQLException {
    checkOpen();
    return "procedure";
  }

  /** There are no catalogs; the term and separator are the standard ones. */
  @Override
  public String getCatalogTerm() throws SQLException {
    checkOpen();
    return "catalog";
  }

  @Override
  public String getCatalogSeparator() throws SQLException {
    checkOpen();
    return ".";
  }

  @Override
  public boolean isCatalogAtStart() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public int getSQLStateType() throws SQLException {
    checkOpen();
    return sqlStateSQL;
  }

  @Override
  public RowIdLifetime getRowIdLifetime() throws SQLException {
    checkOpen();
    return RowIdLifetime.ROWID_UNSUPPORTED;
  }

  // ---- identifier case: unquoted names fold to upper case, quoted ones stay as written ----

  @Override
  public boolean storesLowerCaseIdentifiers() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean storesMixedCaseIdentifiers() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean supportsMixedCaseIdentifiers() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
    checkOpen();
    return true;
  }

  // ---- NULL handling: Calcite sorts NULL as the highest value ----

  @Override
  public boolean nullsAreSortedHigh() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public boolean nullsAreSortedLow() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean nullsAreSortedAtStart() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean nullsAreSortedAtEnd() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean nullPlusNonNullIsNull() throws SQLException {
    checkOpen();
    return true;
  }

  // ---- limits: none is fixed, so each is 0 ("no limit or not known") ----

  @Override
  public int getMaxBinaryLiteralLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxCatalogNameLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxCharLiteralLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxColumnNameLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxColumnsInGroupBy() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxColumnsInIndex() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxColumnsInOrderBy() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxColumnsInSelect() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxColumnsInTable() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxConnections() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxCursorNameLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxIndexLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxProcedureNameLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxRowSize() throws SQLException {
    return noLimit();
  }

  @Override
  public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public int getMaxSchemaNameLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxStatementLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxStatements() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxTableNameLength() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxTablesInSelect() throws SQLException {
    return noLimit();
  }

  @Override
  public int getMaxUserNameLength() throws SQLException {
    return noLimit();
  }

  private int noLimit() throws SQLException {
    checkOpen();
    return 0;
  }

  // ---- SQL features: true only where a test shows the statement works (MetaDataFeaturesTest) ----

  @Override
  public boolean allProceduresAreCallable() throws SQLException {
    checkOpen();
    return false; // SYS.COMPACT_HISTORY and SYS.OUTBOX_TAKE are for operators only
  }

  @Override
  public boolean allTablesAreSelectable() throws SQLException {
    checkOpen();
    return true;
  }

  @Override
  public boolean supportsColumnAliasing() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsConvert() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsConvert(int fromType, int toType) throws SQLException {
    checkOpen();
    return castable(fromType, toType);
  }

  @Override
  public boolean supportsTableCorrelationNames() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsDifferentTableCorrelationNames() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsExpressionsInOrderBy() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsOrderByUnrelated() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsGroupBy() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsGroupByUnrelated() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsGroupByBeyondSelect() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsLikeEscapeClause() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsMultipleResultSets() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsMultipleTransactions() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsNonNullableColumns() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsMinimumSQLGrammar() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsCoreSQLGrammar() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsExtendedSQLGrammar() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsANSI92IntermediateSQL() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsANSI92FullSQL() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() throws SQLException {
    return feature(true); // CHECK and FOREIGN KEY constraints (sql.md, Constraints)
  }

  @Override
  public boolean supportsOuterJoins() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsFullOuterJoins() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsLimitedOuterJoins() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsSchemasInDataManipulation() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsSchemasInProcedureCalls() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsSchemasInTableDefinitions() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsSchemasInIndexDefinitions() throws SQLException {
    return feature(false); // CREATE INDEX is refused
  }

  @Override
  public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
    return feature(false); // no GRANT
  }

  @Override
  public boolean supportsCatalogsInDataManipulation() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsCatalogsInProcedureCalls() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsCatalogsInTableDefinitions() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsPositionedDelete() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsPositionedUpdate() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsSelectForUpdate() throws SQLException {
    return feature(true); // accepted, a no-op under MTPO (docs/reference/sql.md)
  }

  @Override
  public boolean supportsStoredProcedures() throws SQLException {
    return feature(true); // the SYS procedures, with CALL
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsSubqueriesInComparisons() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsSubqueriesInExists() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsSubqueriesInIns() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsSubqueriesInQuantifieds() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsCorrelatedSubqueries() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsUnion() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsUnionAll() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsAlterTableWithAddColumn() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsNamedParameters() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsMultipleOpenResults() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsStatementPooling() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean generatedKeyAlwaysReturned() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean usesLocalFiles() throws SQLException {
    return feature(false); // a file: store is one file, not one per table
  }

  @Override
  public boolean usesLocalFilePerTable() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean locatorsUpdateCopy() throws SQLException {
    return feature(true); // values are materialized copies; there are no locators
  }

  // ---- transactions: DDL is not part of a trajectory (it takes effect at once, for everyone) ----

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
    return feature(false);
  }

  // ---- result sets: materialized, forward-only or scroll-insensitive, read-only ----

  @Override
  public boolean supportsResultSetType(int type) throws SQLException {
    checkOpen();
    return type == ResultSet.TYPE_FORWARD_ONLY || type == ResultSet.TYPE_SCROLL_INSENSITIVE;
  }

  @Override
  public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
    return supportsResultSetType(type) && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public boolean supportsResultSetHoldability(int holdability) throws SQLException {
    checkOpen();
    return holdability == conn.getHoldability();
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    checkOpen();
    return conn.getHoldability();
  }

  @Override
  public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
    return feature(false);
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
    return feature(true);
  }

  @Override
  public boolean ownUpdatesAreVisible(int type) throws SQLException {
    return feature(false);
  }

  @Override
  public boolean ownDeletesAreVisible(int type) throws SQLException {
    return feature(false);
  }

  @Override
  public boolean ownInsertsAreVisible(int type) throws SQLException {
    return feature(false);
  }

  @Override
  public boolean othersUpdatesAreVisible(int type) throws SQLException {
    return feature(false);
  }

  @Override
  public boolean othersDeletesAreVisible(int type) throws SQLException {
    return feature(false);
  }

  @Override
  public boolean othersInsertsAreVisible(int type) throws SQLException {
    return feature(false);
  }

  @Override
  public boolean updatesAreDetected(int type) throws SQLException {
    return feature(false);
  }

  @Override
  public boolean deletesAreDetected(int type) throws SQLException {
    return feature(false);
  }

  @Override
  public boolean insertsAreDetected(int type) throws SQLException {
    return feature(false);
  }

  private boolean feature(boolean answer) throws SQLException {
    checkOpen();
    return answer;
  }

  private enum Family { NUMBER, TEXT, DATE, TIME, TIMESTAMP, BOOLEAN, BINARY, OTHER }

  private static Family family(int type) {
    return switch (type) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
          Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> Family.NUMBER;
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
          Types.LONGNVARCHAR -> Family.TEXT;
      case Types.DATE -> Family.DATE;
      case Types.TIME -> Family.TIME;
      case Types.TIMESTAMP -> Family.TIMESTAMP;
      case Types.BOOLEAN, Types.BIT -> Family.BOOLEAN;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> Family.BINARY;
      default -> Family.OTHER;
    };
  }

  /**
   * Whether {@code CAST} from one JDBC type to the other is accepted and runs on a value of the
   * type (text: when its text fits the target), as {@code MetaDataFeaturesTest} checks.
   */
  static boolean castable(int from, int to) {
    Family f = family(from);
    Family t = family(to);
    if (f == Family.OTHER || t == Family.OTHER) {
      return false;
    }
    if (f == t || f == Family.TEXT || t == Family.TEXT) {
      return true;
    }
    boolean exact = from != Types.REAL && from != Types.FLOAT && from != Types.DOUBLE;
    boolean wide = to != Types.TINYINT && to != Types.SMALLINT && to != Types.INTEGER;
    return switch (f) {
      // a number converts to a timestamp (milliseconds since the epoch); an exact one to a
      // boolean (zero is false); a timestamp to a number wide enough for its milliseconds
      case NUMBER -> t == Family.TIMESTAMP || (t == Family.BOOLEAN && exact);
      case DATE -> t == Family.TIMESTAMP;
      case TIME -> t == Family.TIMESTAMP;
      case TIMESTAMP -> t == Family.DATE || t == Family.TIME || (t == Family.NUMBER && wide);
      default -> false;
    };
  }
}
