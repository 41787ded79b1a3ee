package org.kabambe.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One transaction's prepared statements, each prepared once and reused for every row of the transaction: a round
 * of the recorder runs the same handful of statements hundreds of times, and H2 re-parsed each one per row (its
 * per-session cache holds 8 statements, fewer than a round uses). Callers set every parameter and close their
 * result sets; {@link #close} closes the statements.
 */
final class Statements implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  Statements(Connection connection) {
    this.connection = connection;
  }

  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement statement = prepared.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      prepared.put(sql, statement);
    }
    return statement;
  }

  /** Runs one statement with {@code params} bound in order; returns the rows it changed. */
  int update(String sql, Object... params) throws SQLException {
    PreparedStatement statement = get(sql);
    for (int i = 0; i < params.length; i++) {
      if (params[i] instanceof OptionalInt number) {
        if (number.isPresent()) {
          statement.setInt(i + 1, number.getAsInt());
        } else {
          statement.setNull(i + 1, Types.INTEGER);
        }
      } else if (params[i] == null) {
        statement.setNull(i + 1, Types.VARCHAR); // only text columns are bound as null
      } else {
        statement.setObject(i + 1, params[i]);
      }
    }
    return statement.executeUpdate();
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement statement : prepared.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    prepared.clear();
    if (first != null) {
      throw first;
    }
  }
}
