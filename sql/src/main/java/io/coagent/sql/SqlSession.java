package io.coagent.sql;

import io.coagent.sql.internal.SqlErrors;
import io.coagent.sql.internal.StatementFactory;
import io.coagent.sql.internal.exec.CalciteSession;
import io.coagent.sql.internal.pg.InformationSchema;
import io.coagent.sql.internal.pg.PgCatalog;
import io.coagent.sql.internal.pg.PgFunctions;
import io.coagent.sql.internal.sys.SysSchema;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.SchemaPlus;

/**
 * One connection's SQL state: a Calcite connection over the store's tables and a cache of planned
 * statements keyed by SQL text. Not thread-safe beyond its own monitor; one per JDBC connection.
 *
 * <p>Design: "planned once" means one {@link StatementFactory#create} (parse, validate, Calcite
 * prepare) per SQL text per catalog version. {@link #prepare} returns a {@link SessionStatement}
 * handle; executing it reuses the plan until the store's catalog version moves (DDL through SQL or
 * through the engine's Java API), and only then plans again, once, through this cache, so every
 * handle of the same text shares the new plan. {@link #planCount()} counts plannings, so tests can
 * prove the contract instead of trusting it. DDL is never cached (it has no plan to reuse).
 *
 * <p>Bounds: a plan holds Calcite's generated code (tens of KB), and an agent that splices
 * literals into its SQL makes a new text per statement, so a plain LRU of 256 held ~8 MB per
 * connection of plans never used again. The cache is segmented instead: a new text's plan enters a
 * window of {@link #WINDOW_SIZE}; a second use promotes it to the main LRU of {@link #MAIN_SIZE}.
 * Texts used once only ever churn the window, never evicting the texts a connection repeats, and a
 * repeated text is still planned once.
 */
public final class SqlSession implements AutoCloseable {
  /** Plans of texts seen once: agents that splice literals into SQL never reuse them. */
  static final int WINDOW_SIZE = 16;
  /** Plans of texts seen at least twice. */
  static final int MAIN_SIZE = 64;

  private final SqlEngine engine;
  private final CalciteSession calcite;
  private final StatementFactory factory;
  private final Map<String, PreparedSql> window = lru(WINDOW_SIZE);
  private final Map<String, PreparedSql> cache = lru(MAIN_SIZE);
  private long cacheVersion = -1;
  private long planCount;

  SqlSession(SqlEngine engine, String agent) {
    this.engine = engine;
    this.calcite = new CalciteSession(engine.store(), agent == null ? "operator" : agent);
    calcite.addSchema(SysSchema.NAME, new SysSchema(engine.store(), agent));
    PgCatalog pg = new PgCatalog(engine.store(), engine::name);
    pg.viewColumns(view -> io.coagent.sql.internal.exec.ResultColumns.ofView(engine.store(),
        calcite, view));
    SchemaPlus pgSchema = calcite.addSchema(PgCatalog.NAME, pg);
    for (Map.Entry<String, List<Function>> f : PgFunctions.all().entrySet()) {
      for (Function fn : f.getValue()) {
        pgSchema.add(f.getKey(), fn);
        calcite.addFunction(f.getKey(), fn); // pg_catalog is always on PostgreSQL's path
      }
    }
    pgSchema.add("GENERATE_SERIES", PgCatalog.generateSeriesFunction());
    calcite.addSchema(InformationSchema.NAME, new InformationSchema(pg))
        .add(InformationSchema.EXPANDARRAY, InformationSchema.expandArrayFunction());
    calcite.setExecutionContext(pg::bind);
    this.factory = new StatementFactory(engine, calcite, agent);
  }

  public SqlEngine engine() {
    return engine;
  }

  /**
   * A handle on the plan of {@code sql}: parsed and planned now unless a plan of the same text and
   * catalog version is cached. DDL is returned unwrapped and uncached.
   */
  public synchronized PreparedSql prepare(String sql) throws SQLException {
    PreparedSql p = current(sql);
    return p.kind() == PreparedSql.Kind.DDL ? p : new SessionStatement(this, sql, p, cacheVersion);
  }

  /**
   * {@code sql} with the RETURNING clause that answers JDBC's {@code getGeneratedKeys}: the
   * columns {@code names} (or at 1-based {@code indexes}), or with both null the table's generated
   * columns (identity, SERIAL), else its primary key, else all columns. Unchanged when {@code sql}
   * is not an INSERT, UPDATE or DELETE or already has a RETURNING clause.
   */
  public String withGeneratedKeys(String sql, List<String> names, int[] indexes)
      throws SQLException {
    return io.coagent.sql.internal.exec.Returning.withGeneratedKeys(engine.store(), sql, names,
        indexes);
  }

  /** How many times this session has parsed and planned a statement (cache misses). */
  public synchronized long planCount() {
    return planCount;
  }

  /** The catalog version the cached plans belong to, after dropping them if it moved. */
  synchronized long version() {
    long version = engine.catalogVersion();
    if (version != cacheVersion) {
      cache.clear();
      window.clear();
      calcite.clearPlans();
      cacheVersion = version;
    }
    return cacheVersion;
  }

  /** The plan of {@code sql} for the current catalog version, planning it on a miss. */
  synchronized PreparedSql current(String sql) throws SQLException {
    version();
    PreparedSql p = cache.get(sql);
    if (p == null) {
      p = window.remove(sql);
      if (p != null) {
        cache.put(sql, p); // the second use: a text this connection repeats
        return p;
      }
      planCount++;
      try {
        p = factory.create(sql);
      } catch (RuntimeException | StackOverflowError | AssertionError
          | ExceptionInInitializerError e) {
        throw SqlErrors.translate(e, sql);
      }
      if (p.kind() != PreparedSql.Kind.DDL) {
        window.put(sql, p);
      }
    }
    return p;
  }

  /** Plans held now, in both segments (tests of the bound). */
  public synchronized int cachedPlans() {
    return cache.size() + window.size();
  }

  private static Map<String, PreparedSql> lru(int bound) {
    return new LinkedHashMap<>(bound * 2, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparedSql> eldest) {
        return size() > bound;
      }
    };
  }

  @Override
  public synchronized void close() {
    cache.clear();
    window.clear();
    calcite.close();
  }
}
