package io.coagent.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers, without evaluating it, a catalog query that the SQL layer cannot plan and whose result
 * is known to be empty: one whose every top-level UNION branch reads, as an inner relation (first
 * in FROM, comma-joined or inner-JOINed, never the outer side of a LEFT JOIN), a catalog that
 * CoAgent keeps empty because it lacks the feature (policies, extended statistics, publications,
 * inheritance, triggers, user functions, extensions), and aggregates nothing without GROUP BY. An
 * inner join with an empty relation is empty whatever the rest of the query says. psql's {@code \d} sends such queries with
 * PostgreSQL array syntax ({@code = any(...)}, {@code '{0}'}, {@code int2[]}, set-returning
 * functions) that Calcite does not parse; their columns are described as text by the names the
 * select list gives them.
 *
 * <p>Text analysis on PgSql's lexical rules (quotes and comments skipped), not parsing; anything it
 * is not sure about is not answered, and the planner's own error stands.
 */
final class EmptyCatalogQuery {
  private static final Set<String> EMPTY = Set.of("pg_policy", "pg_statistic_ext",
      "pg_publication", "pg_publication_rel", "pg_publication_namespace", "pg_inherits",
      "pg_trigger", "pg_proc", "pg_extension");
  private static final Pattern AGGREGATE = Pattern.compile(
      "\\b(count|sum|avg|min|max|string_agg|array_agg|bool_and|bool_or|every)\\s*\\(");
  private static final Pattern ALIAS = Pattern.compile("(?is).*\\bas\\s+(\"[^\"]+\"|[a-z_][a-z0-9_]*)");
  private static final Pattern NAME = Pattern.compile("(?is).*?([a-z_][a-z0-9_]*)");

  private EmptyCatalogQuery() {}

  /** The result column names of {@code sql} if its result is known to be empty. */
  static Optional<List<String>> columns(String sql) {
    String cased = blankQuoted(PgSql.stripComments(sql));
    String s = cased.toLowerCase(Locale.ROOT).strip();
    List<String> branches = splitTop(s, "union");
    for (String b : branches) {
      String branch = b.strip();
      if (branch.startsWith("all ")) {
        branch = branch.substring(4);
      }
      if (!branch.startsWith("select ") || !readsEmptyInner(branch)) {
        return Optional.empty();
      }
    }
    String first = branches.get(0).strip();
    int from = indexTop(first, "from");
    List<String> names = new ArrayList<>();
    for (String item : splitTop(first.substring(7, from), ",")) {
      String original = item.strip();
      Matcher a = ALIAS.matcher(original);
      if (a.matches()) {
        names.add(asWritten(cased, a.group(1)).replace("\"", ""));
        continue;
      }
      Matcher n = NAME.matcher(original.substring(Math.max(0, original.lastIndexOf('.') + 1)));
      boolean name = n.matches() && original.matches("(?s)[a-z_][a-z0-9_.]*")
          && !Set.of("null", "true", "false").contains(original);
      names.add(name ? n.group(1) : "?column?"); // as PostgreSQL names an unnamed expression
    }
    return Optional.of(names);
  }

  /**
   * A quoted alias as {@code sql} writes it (the analysis runs on lower case; a quoted name keeps
   * its case, as psql's "Schema", "Name"); an unquoted one folds to lower case.
   */
  private static String asWritten(String sql, String lowerAlias) {
    if (!lowerAlias.startsWith("\"")) {
      return lowerAlias;
    }
    for (int i = sql.indexOf('"'); i >= 0; i = sql.indexOf('"', i + 1)) {
      if (sql.regionMatches(true, i, lowerAlias, 0, lowerAlias.length())) {
        return sql.substring(i, i + lowerAlias.length());
      }
    }
    return lowerAlias;
  }

  private static boolean readsEmptyInner(String branch) {
    int from = indexTop(branch, "from");
    if (from < 0) {
      return false;
    }
    String select = branch.substring(0, from);
    if (AGGREGATE.matcher(topLevel(select)).find() && indexTop(branch, "group") < 0) {
      return false;
    }
    int end = branch.length();
    for (String k : List.of("where", "group", "order", "limit", "having")) {
      int i = indexTop(branch, k);
      if (i > from && i < end) {
        end = i;
      }
    }
    String clause = topLevel(branch.substring(from + 4, end));
    if (clause.matches("(?s).*\\b(right|full|cross|natural|lateral)\\b.*")) {
      return false;
    }
    for (String item : clause.split(",")) {
      String[] parts = item.split("\\bjoin\\b");
      for (int i = 0; i < parts.length; i++) {
        boolean outer = i > 0 && parts[i - 1].matches("(?s).*\\bleft(\\s+outer)?\\s*$");
        String rel = parts[i].strip().split("\\s+")[0];
        rel = rel.startsWith("pg_catalog.") ? rel.substring(11) : rel;
        if (!outer && EMPTY.contains(rel)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code s} with string literals' contents blanked (quoted names kept). */
  private static String blankQuoted(String s) {
    StringBuilder b = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      int end = PgSql.skipQuoted(s, i);
      if (end > i && s.charAt(i) == '\'') {
        for (int j = i + 1; j < end - 1; j++) {
          b.setCharAt(j, ' ');
        }
        i = end;
      } else {
        i = Math.max(end, i + 1);
      }
    }
    return b.toString();
  }

  /** {@code s} with everything inside top-level parentheses blanked (the parentheses kept). */
  private static String topLevel(String s) {
    StringBuilder b = new StringBuilder();
    int depth = 0;
    for (char c : s.toCharArray()) {
      if (c == '(') {
        b.append(depth++ == 0 ? c : ' ');
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
        b.append(depth == 0 ? c : ' ');
      } else {
        b.append(depth > 0 ? ' ' : c);
      }
    }
    return b.toString();
  }

  private static int indexTop(String s, String word) {
    Matcher m = Pattern.compile("\\b" + word + "\\b").matcher(topLevel(s));
    return m.find() ? m.start() : -1;
  }

  private static List<String> splitTop(String s, String sep) {
    String top = topLevel(s);
    Pattern p = Pattern.compile(sep.equals(",") ? "," : "\\b" + sep + "\\b");
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(top);
    int from = 0;
    while (m.find()) {
      out.add(s.substring(from, m.start()));
      from = m.end();
    }
    out.add(s.substring(from));
    return out;
  }
}
