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
 */
public final class SqlSession implements AutoCloseable {
  private static final int CACHE_SIZE = 256;

  private final SqlEngine engine;
  private final CalciteSession calcite;
  private final StatementFactory factory;
  private final Map<String, PreparedSql> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedSql> eldest) {
          return size() > CACHE_SIZE;
        }
      };
  private long cacheVersion = -1;
  private long planCount;

  SqlSession(SqlEngine engine, String agent) {
    this.engine = engine;
    this.calcite = new CalciteSession(engine.store(), agent == null ? "operator" : agent);
    calcite.addSchema(SysSchema.NAME, new SysSchema(engine.store(), agent));
    PgCatalog pg = new PgCatalog(engine.store(), engine::name);
    SchemaPlus pgSchema = calcite.addSchema(PgCatalog.NAME, pg);
    for (Map.Entry<String, List<Function>> f : PgFunctions.all().entrySet()) {
      for (Function fn : f.getValue()) {
        pgSchema.add(f.getKey(), fn);
        calcite.addFunction(f.getKey(), fn); // pg_catalog is always on PostgreSQL's path
      }
    }
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

  /** How many times this session has parsed and planned a statement (cache misses). */
  public synchronized long planCount() {
    return planCount;
  }

  /** The catalog version the cached plans belong to, after dropping them if it moved. */
  synchronized long version() {
    long version = engine.catalogVersion();
    if (version != cacheVersion) {
      cache.clear();
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
      planCount++;
      try {
        p = factory.create(sql);
      } catch (RuntimeException | StackOverflowError | AssertionError
          | ExceptionInInitializerError e) {
        throw SqlErrors.translate(e, sql);
      }
      if (p.kind() != PreparedSql.Kind.DDL) {
        cache.put(sql, p);
      }
    }
    return p;
  }

  @Override
  public synchronized void close() {
    cache.clear();
    calcite.close();
  }
}
