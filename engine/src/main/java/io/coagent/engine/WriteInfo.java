package io.coagent.engine;

/**
 * One row written by an operation: the before-image at the operation's place in the order and the
 * after-image it wrote ({@code null} for absent/deleted). The SQL layer renders inverses from it.
 */
public record WriteInfo(String table, Key key, Object[] before, Object[] after) {}
