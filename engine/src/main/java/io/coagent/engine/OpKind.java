package io.coagent.engine;

/** What kind of statement an operation is; recorded in the operation log. */
public enum OpKind {
  QUERY,
  INSERT,
  UPDATE,
  DELETE,
  UPSERT,
  OTHER
}
