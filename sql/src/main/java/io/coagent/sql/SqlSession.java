package io.coagent.sql;

import io.coagent.sql.internal.StatementFactory;
import io.coagent.sql.internal.exec.CalciteSession;
import io.coagent.sql.internal.sys.SysSchema;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection's SQL state: a Calcite connection over the store's tables and a cache of planned
 * statements keyed by SQL text, so repeated identical SQL does not re-plan. Plans are dropped when
 * the store's catalog version moves (DDL). Not thread-safe; one per JDBC connection.
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

  SqlSession(SqlEngine engine, String agent) {
    this.engine = engine;
    this.calcite = new CalciteSession(engine.store());
    calcite.addSchema(SysSchema.NAME, new SysSchema(engine.store(), agent));
    this.factory = new StatementFactory(engine, calcite, agent);
  }

  public SqlEngine engine() {
    return engine;
  }

  /** Parses and plans {@code sql}, or returns the cached plan of the same text. */
  public synchronized PreparedSql prepare(String sql) throws SQLException {
    long version = engine.catalogVersion();
    if (version != cacheVersion) {
      cache.clear();
      calcite.clearPlans();
      cacheVersion = version;
    }
    PreparedSql p = cache.get(sql);
    if (p == null) {
      p = factory.create(sql);
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
