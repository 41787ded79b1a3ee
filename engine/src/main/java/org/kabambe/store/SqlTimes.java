package org.kabambe.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants as JDBC parameters: OffsetDateTime, the form both H2 and PostgreSQL's driver take for timestamptz. */
public final class SqlTimes {
  private SqlTimes() {}

  public static OffsetDateTime of(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
