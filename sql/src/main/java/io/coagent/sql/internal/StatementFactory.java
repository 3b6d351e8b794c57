package io.coagent.sql.internal;

import io.coagent.sql.PreparedSql;
import io.coagent.sql.SqlEngine;
import io.coagent.sql.internal.exec.CalciteSession;
import io.coagent.sql.internal.exec.ConstraintRewriter;
import io.coagent.sql.internal.exec.CreateTableAs;
import io.coagent.sql.internal.exec.DdlStatement;
import io.coagent.sql.internal.exec.IndexStatement;
import io.coagent.sql.internal.exec.DmlStatements;
import io.coagent.sql.internal.exec.KeyLookup;
import io.coagent.sql.internal.exec.MergeStatement;
import io.coagent.sql.internal.exec.QueryStatement;
import io.coagent.sql.internal.exec.Returning;
import io.coagent.sql.internal.exec.SequenceStatements;
import io.coagent.sql.internal.exec.ViewDdl;
import io.coagent.sql.internal.sys.SysStatements;
import io.coagent.sql.internal.sys.TimeTravel;
import io.coagent.sql.internal.sys.TimeTravelQuery;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlCreateView;
import org.apache.calcite.sql.ddl.SqlDropView;
import org.apache.calcite.sql.ddl.SqlDropTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.ddl.SqlDdlParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses one SQL statement (Calcite's DDL-capable parser, Oracle lexical rules: unquoted names
 * fold to upper case) and builds the {@link PreparedSql} for its kind: DDL is executed by us
 * against the engine catalog; queries go to Calcite as they are; INSERT/UPDATE/DELETE are planned
 * as Calcite queries that select the rows and values to write, then written through the engine.
 */
public final class StatementFactory {
  private static final SqlParser.Config PARSER = SqlParser.config()
      .withParserFactory(SqlDdlParserImpl.FACTORY)
      .withLex(Lex.ORACLE)
      .withConformance(SqlConformanceEnum.LENIENT);

  private static final java.util.regex.Pattern CREATE_TABLE = java.util.regex.Pattern.compile(
      "\\s*CREATE\\s+TABLE\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

  /** {@code INSERT INTO t [(cols)] OVERRIDING SYSTEM VALUE}: group 1 is the text before it. */
  private static final java.util.regex.Pattern OVERRIDING = java.util.regex.Pattern.compile(
      "(?is)(\\s*INSERT\\s+INTO\\s+[^\\s(]+\\s*(?:\\([^)]*\\))?)\\s*OVERRIDING\\s+SYSTEM\\s+VALUE\\b");

  /** {@code NEXT VALUE FOR s}, the standard spelling of {@code NEXTVAL('s')}. */
  private static final java.util.regex.Pattern NEXT_VALUE_FOR = java.util.regex.Pattern.compile(
      "(?i)\\bNEXT\\s+VALUE\\s+FOR\\s+([A-Za-z_][A-Za-z0-9_$]*)");

  private final SqlEngine engine;
  private final CalciteSession calcite;
  private final SysStatements sys;
  /**
   * True while the body of a {@code ... RETURNING} statement is built: only then does a DELETE
   * select every column of the rows it deletes, since the columns it selects are its read
   * footprint (a plain DELETE that read them all would be notified of writes to any column).
   */
  private boolean returningBody;

  /** {@code agent}: the session's agent, null for an operator (scopes SYS tables, procedures). */
  public StatementFactory(SqlEngine engine, CalciteSession calcite, String agent) {
    this.engine = engine;
    this.calcite = calcite;
    this.sys = new SysStatements(engine.store(), calcite, agent);
  }

  /** Parses one statement and rejects one nested too deeply (54001) before anything recurses. */
  public static SqlNode parse(String sql) throws SQLException {
    SqlNode node;
    try {
      node = SqlParser.create(sql, PARSER).parseStmt();
    } catch (SqlParseException | RuntimeException | StackOverflowError e) {
      throw SqlErrors.translate(e, sql);
    }
    ExpressionDepth.check(node, sql);
    return node;
  }

  public PreparedSql create(String sql) throws SQLException {
    List<String> script = SqlText.split(sql);
    if (script.size() > 1) {
      return ScriptStatement.of(this, sql, script);
    }
    String text = LockingClause.strip(stripSemicolon(sql));
    Matcher nextValue = NEXT_VALUE_FOR.matcher(text);
    if (nextValue.find()) {
      text = nextValue.replaceAll("NEXTVAL('$1')");
    }
    if (SysStatements.isCall(text)) {
      return sys.call(text);
    }
    PreparedSql index = IndexStatement.of(engine, text);
    if (index != null) {
      return index;
    }
    PreparedSql ddl = MoreDdl.create(this, engine, calcite, text);
    if (ddl != null) {
      return ddl;
    }
    PreparedSql sequence = SequenceStatements.of(engine.store(), text);
    if (sequence != null) {
      return sequence;
    }
    Returning.Split returning = Returning.split(text);
    if (returning != null) {
      PreparedSql body;
      returningBody = true; // a DELETE body selects the whole row (read only for RETURNING)
      try {
        body = create(returning.body());
      } finally {
        returningBody = false;
      }
      return Returning.of(engine.store(), text, returning, body);
    }
    DmlLimit limit = DmlLimit.of(text);
    ConstraintRewriter.Rewrite constraints = ConstraintRewriter.rewrite(limit.statement());
    String statement = constraints.sql();
    SequenceStatements.Rewrite identities = null;
    if (CREATE_TABLE.matcher(statement).lookingAt()) {
      identities = SequenceStatements.rewrite(statement);
      statement = identities == null ? statement : identities.sql();
      String quoted = DdlStatement.quoteKeywordTypes(statement);
      statement = quoted == null ? statement : quoted;
    }
    String upsert = OnConflict.rewrite(statement, engine.store());
    if (upsert != null) {
      SqlNode merge = parse(upsert);
      TimeTravel.rejectInWrites(merge);
      return MergeStatement.create(engine.store(), calcite, text, (SqlMerge) merge);
    }
    Matcher overriding = OVERRIDING.matcher(statement);
    boolean overrides = overriding.lookingAt();
    if (overrides) {
      statement = overriding.group(1) + statement.substring(overriding.end());
    }
    SqlNode node = parse(statement);
    if (node instanceof SqlCreateTable c) {
      if (c.query != null) {
        return CreateTableAs.create(engine, calcite, text, c);
      }
      PreparedSql create = DdlStatement.create(engine, text, c, constraints.constraints());
      return identities == null ? create : SequenceStatements.createTable(engine, c,
          identities, create);
    }
    if (node instanceof SqlCreateView v) {
      return ViewDdl.create(engine, calcite, text, v);
    }
    if (node instanceof SqlDropView v) {
      return ViewDdl.drop(engine, text, v);
    }
    if (node instanceof SqlDropTable d) {
      return SequenceStatements.dropTable(engine.store(), d,
          DdlStatement.drop(engine, text, d));
    }
    if (node instanceof SqlInsert || node instanceof SqlUpdate || node instanceof SqlDelete
        || node instanceof SqlMerge) {
      TimeTravel.rejectInWrites(node);
    }
    if (node instanceof SqlInsert i) {
      return DmlStatements.insert(engine.store(), calcite, text, i, overrides);
    }
    if (node instanceof SqlUpdate u) {
      // A row limit (only UNDO_SQL of key-less tables uses one) bypasses the key fast path.
      return limit.rows() >= 0
          ? DmlStatements.update(engine.store(), calcite, text, u, limit.rows())
          : KeyLookup.of(engine.store(), u, DmlStatements.update(engine.store(), calcite, text, u));
    }
    if (node instanceof SqlDelete d) {
      return DmlStatements.delete(engine.store(), calcite, text, d, limit.rows(), returningBody);
    }
    if (node instanceof SqlMerge m) {
      return MergeStatement.create(engine.store(), calcite, text, m);
    }
    if (node.getKind().belongsTo(SqlKind.QUERY) || node.getKind() == SqlKind.EXPLAIN
        || node.getKind() == SqlKind.ORDER_BY) {
      java.util.Set<Integer> times = TimeTravel.timeParameters(node);
      if (!times.isEmpty()) {
        return new TimeTravelQuery(engine.store(), calcite, text, node, sys.readsOnlySys(node),
            times);
      }
      String query = TimeTravel.rewrite(engine.store(), text, node);
      if (sys.readsOnlySys(node)) {
        return sys.query(query);
      }
      QueryStatement general = new QueryStatement(calcite, text, query);
      // A rewritten query reads the past (FOR SYSTEM_TIME AS OF): never the live key lookup.
      return query.equals(text) ? KeyLookup.of(engine.store(), node, general) : general;
    }
    throw SqlErrors.of(SqlErrors.FEATURE,
        "statement kind " + node.getKind() + " is not supported yet: " + text);
  }

  private static String stripSemicolon(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }
}
