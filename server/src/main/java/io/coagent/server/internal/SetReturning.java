package io.coagent.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL lets a set-returning function stand in a select list ({@code SELECT
 * (information_schema._pg_expandarray(k)).n, ...}): the row is repeated once per element, every
 * call with the same arguments advancing in lockstep. The SQL layer has no such thing, so this
 * rewrites the one set-returning function catalog queries use (pgjdbc's getPrimaryKeys) into the
 * lateral join it means: the query's FROM gains {@code , LATERAL TABLE(
 * INFORMATION_SCHEMA."_PG_EXPANDARRAY"(k)) AS "$SRF1"}, {@code (f(k)).n} becomes
 * {@code "$SRF1".N} and a bare {@code f(k)} the composite {@code ROW(X, N)}. Calls with the same
 * argument text in one query share one lateral row, as in PostgreSQL.
 *
 * <p>{@code pg_partition_ancestors(rel)} in a FROM clause becomes a one-row subquery {@code
 * (SELECT PG_CATALOG.PG_PARTITION_ANCESTORS(rel) AS relid)}: CoAgent has no partitions.
 *
 * <p>psql's {@code \\d+} appends the options of the table's TOAST table to its own: {@code
 * c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x)}, where
 * {@code tc} is joined on {@code c.reltoastrelid}. CoAgent has no TOAST tables (reltoastrelid is
 * always 0, so {@code tc} is the NULL side of its outer join and contributes nothing), so the
 * expression becomes {@code c.reloptions}, which is what PostgreSQL computes for such a table.
 *
 * <p>Also quotes {@code result} and {@code member}, reserved words of the SQL layer that PostgreSQL
 * lets clients use as names (pgjdbc aliases a subquery {@code result}; psql's {@code \du} reads
 * {@code pg_auth_members.member}).
 *
 * <p>Text rewriting on PgSql's lexical rules (quotes and comments are left alone); a call whose
 * query or FROM clause cannot be delimited is left as it is, for the SQL layer to report.
 */
final class SetReturning {
  private static final Pattern CALL = Pattern.compile(
      "(?i)information_schema\\s*\\.\\s*_pg_expandarray\\s*\\(");
  /** Words the SQL layer reserves that PostgreSQL's catalog queries use as names. */
  private static final Pattern RESULT = Pattern.compile(
      "(?i)(?<![\\w$\"])(result|member|cardinality)(?![\\w$\"(])");
  private static final Pattern FIELD = Pattern.compile("\\s*\\)\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern CLAUSE_END = Pattern.compile(
      "(?i)\\b(where|group|order|limit|having|union|except|intersect|window|offset|fetch)\\b");

  /** {@code pg_partition_ancestors(rel)} as a FROM item (psql's {@code \\d} foreign keys). */
  private static final Pattern ANCESTORS = Pattern.compile("(?i)(\\bfrom|,)(\\s*)"
      + "(?:pg_catalog\\s*\\.\\s*)?pg_partition_ancestors\\s*\\(('[^']*'|[\\w.]+)\\)");

  /** The TOAST table's options appended to a relation's (psql's {@code \\d+}). */
  private static final Pattern TOAST_OPTIONS = Pattern.compile("(?i)([\\w$]+\\s*\\.\\s*reloptions)"
      + "\\s*\\|\\|\\s*array\\s*\\(\\s*select\\s+'toast\\.'\\s*\\|\\|\\s*([\\w$]+)\\s+from\\s+"
      + "(?:pg_catalog\\s*\\.\\s*)?unnest\\s*\\(\\s*[\\w$]+\\s*\\.\\s*reloptions\\s*\\)\\s*(?:as\\s+)?\\2"
      + "\\s*\\)");

  private SetReturning() {}

  static String rewrite(String sql) {
    // No relation has partitions, so its ancestors are the relation alone: one row, column relid.
    String noToast = TOAST_OPTIONS.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(
        m.group(1)));
    String s = ANCESTORS.matcher(quoteResult(noToast)).replaceAll(m -> Matcher.quoteReplacement(
        m.group(1) + m.group(2) + "(SELECT PG_CATALOG.PG_PARTITION_ANCESTORS(" + m.group(3)
        + ") AS relid) AS \"$ANCESTORS\""));
    for (int alias = 1; alias < 100; alias++) {
      String next = rewriteOne(s, "\"$SRF" + alias + "\"");
      if (next == null) {
        return s;
      }
      s = next;
    }
    return s;
  }

  private static String quoteResult(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    int from = 0;
    while (i < sql.length()) {
      int skip = PgSql.skipQuoted(sql, i);
      if (skip > i) {
        out.append(RESULT.matcher(sql.substring(from, i)).replaceAll(r -> "\"" + r.group(1).toUpperCase(Locale.ROOT) + "\""));
        out.append(sql, i, skip);
        i = skip;
        from = i;
      } else {
        i++;
      }
    }
    out.append(RESULT.matcher(sql.substring(from)).replaceAll(r -> "\"" + r.group(1).toUpperCase(Locale.ROOT) + "\""));
    return out.toString();
  }

  /** Parenthesis depth before each position; -1 inside quotes and comments. */
  private static int[] depths(String sql) {
    int[] d = new int[sql.length() + 1];
    int depth = 0;
    int i = 0;
    while (i < sql.length()) {
      int skip = PgSql.skipQuoted(sql, i);
      if (skip > i) {
        for (int j = i; j < skip; j++) {
          d[j] = -1;
        }
        i = skip;
        continue;
      }
      d[i] = depth;
      if (sql.charAt(i) == '(') {
        depth++;
      } else if (sql.charAt(i) == ')') {
        depth--;
      }
      i++;
    }
    d[sql.length()] = depth;
    return d;
  }

  private record Call(int start, int end, String args, String field) {}

  /** Rewrites the first call's query, or returns null if there is no call left. */
  private static String rewriteOne(String sql, String alias) {
    int[] d = depths(sql);
    Matcher m = CALL.matcher(sql);
    int first = -1;
    while (m.find()) {
      if (d[m.start()] >= 0) {
        first = m.start();
        break;
      }
    }
    if (first < 0) {
      return null;
    }
    int[] query = enclosingQuery(sql, d, first);
    int qDepth = d[query[0]];
    // Every call in this query (at any depth inside its select list) with its argument text.
    List<Call> calls = new ArrayList<>();
    m = CALL.matcher(sql).region(query[0], query[1]);
    int fromAt = findWord(sql, d, "from", query[0], query[1], qDepth);
    if (fromAt < 0) {
      return null; // not a query this can delimit: left to the SQL layer to report
    }
    String args = null;
    while (m.find()) {
      if (d[m.start()] < 0 || m.start() > fromAt) {
        continue;
      }
      int open = m.end() - 1;
      int close = matching(sql, d, open);
      String a = sql.substring(open + 1, close).strip();
      if (args == null) {
        args = a;
      } else if (!args.equals(a)) {
        continue; // another argument: a later pass gives it its own lateral row
      }
      int start = m.start();
      int end = close + 1;
      String field = null;
      int before = start - 1;
      while (before >= 0 && Character.isWhitespace(sql.charAt(before))) {
        before--;
      }
      Matcher f = FIELD.matcher(sql).region(end, sql.length());
      if (before >= 0 && sql.charAt(before) == '(' && f.lookingAt()) {
        start = before;
        end = f.end();
        field = f.group(1).toUpperCase(Locale.ROOT);
      }
      calls.add(new Call(start, end, a, field));
    }
    int fromEnd = query[1];
    Matcher e = CLAUSE_END.matcher(sql).region(fromAt + 4, query[1]);
    while (e.find()) {
      if (d[e.start()] == qDepth) {
        fromEnd = e.start();
        break;
      }
    }
    while (fromEnd > fromAt && Character.isWhitespace(sql.charAt(fromEnd - 1))) {
      fromEnd--;
    }
    StringBuilder out = new StringBuilder(sql);
    out.insert(fromEnd, ", LATERAL TABLE(INFORMATION_SCHEMA.\"_PG_EXPANDARRAY\"(" + args + ")) AS "
        + alias);
    for (int i = calls.size() - 1; i >= 0; i--) {
      Call c = calls.get(i);
      out.replace(c.start(), c.end(), c.field() != null ? alias + "." + c.field()
          : "CAST(ROW(" + alias + ".X, " + alias + ".N) AS ROW(X INTEGER, N INTEGER))");
    }
    return out.toString();
  }

  /** [start, end) of the SELECT that contains position {@code at}. */
  private static int[] enclosingQuery(String sql, int[] d, int at) {
    int pos = at;
    while (true) {
      int target = d[pos] - 1;
      int open = -1;
      for (int j = pos - 1; j >= 0; j--) {
        if (d[j] == target && sql.charAt(j) == '(') {
          open = j;
          break;
        }
      }
      if (open < 0) {
        return new int[] {0, sql.length()};
      }
      String inside = sql.substring(open + 1).stripLeading().toLowerCase(Locale.ROOT);
      if (inside.startsWith("select")) {
        return new int[] {open + 1, matching(sql, d, open)};
      }
      pos = open;
    }
  }

  private static int matching(String sql, int[] d, int open) {
    for (int j = open + 1; j < sql.length(); j++) {
      if (sql.charAt(j) == ')' && d[j] == d[open] + 1) {
        return j;
      }
    }
    return sql.length();
  }

  private static int findWord(String sql, int[] d, String word, int from, int to, int depth) {
    Matcher m = Pattern.compile("(?i)\\b" + word + "\\b").matcher(sql).region(from, to);
    while (m.find()) {
      if (d[m.start()] == depth) {
        return m.start();
      }
    }
    return -1;
  }
}
