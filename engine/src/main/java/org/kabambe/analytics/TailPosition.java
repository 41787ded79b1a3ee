package org.kabambe.analytics;

/**
 * How far the rollup has read a hop table: the last row it counted, as {@code (tx, id)}. {@code tx} is the
 * PostgreSQL transaction that wrote the row ({@link CommitOrder}); on H2 it is always 0 and only the id counts
 * ({@link IdOrder}).
 */
public record TailPosition(long tx, long id) {
  public static final TailPosition START = new TailPosition(0, 0);
}
