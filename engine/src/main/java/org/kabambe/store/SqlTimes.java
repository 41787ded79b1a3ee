package org.kabambe.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Instants as JDBC parameters: OffsetDateTime, the form both H2 and PostgreSQL's driver take for timestamptz; and
 * read back from a nullable column.
 */
public final class SqlTimes {
  private SqlTimes() {}

  public static OffsetDateTime of(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  /** A nullable timestamp column (e.g. an imported contact's first_seen: empty until the contact is seen). */
  public static Optional<Instant> read(ResultSet rs, int column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }
}
