package io.coagent.sql.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SELECT ... FOR UPDATE | FOR NO KEY UPDATE | FOR SHARE | FOR KEY SHARE [OF t, ...]
 * [NOWAIT | SKIP LOCKED]}, which applications and ORMs send before a read-modify-write, accepted
 * and dropped: under MTPO the rank order already serializes the read and the write that follows
 * it (a lower rank's later change to the rows notifies the reader, rule 4), so a row lock adds
 * nothing; under 2PL the read takes the shared lock it always takes and the write upgrades it.
 * Only a clause at the end of a query, outside literals, comments and parentheses, is dropped;
 * anywhere else it stays and the parser reports it.
 */
final class LockingClause {
  private static final Pattern QUERY = Pattern.compile("(?is)\\s*\\(*\\s*(SELECT|WITH)\\b");
  private static final Pattern CLAUSE = Pattern.compile("(?is)\\s+FOR\\s+(UPDATE|NO\\s+KEY\\s+"
      + "UPDATE|SHARE|KEY\\s+SHARE)(\\s+OF\\s+[\\w\"$.]+(\\s*,\\s*[\\w\"$.]+)*)?"
      + "(\\s+(NOWAIT|SKIP\\s+LOCKED))?\\s*$");

  private LockingClause() {}

  /** {@code sql} without a trailing locking clause if it is a query; otherwise as it is. */
  static String strip(String sql) {
    if (!QUERY.matcher(sql).lookingAt()) {
      return sql;
    }
    Matcher m = CLAUSE.matcher(sql);
    if (!m.find()) {
      return sql;
    }
    boolean[] code = SqlText.codeMask(sql);
    int depth = 0;
    for (int i = 0; i < m.start(); i++) {
      if (code[i]) {
        depth += sql.charAt(i) == '(' ? 1 : sql.charAt(i) == ')' ? -1 : 0;
      }
    }
    int forAt = m.start() + m.group().indexOf(m.group().stripLeading().charAt(0));
    return depth == 0 && code[forAt] ? sql.substring(0, m.start()) : sql;
  }
}
