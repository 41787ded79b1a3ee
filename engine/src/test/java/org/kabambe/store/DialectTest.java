package org.kabambe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DialectTest {
  @Test
  void upsertIsMergeOnH2AndOnConflictOnPostgresql() {
    var keys = List.of("phone", "channel");
    var others = List.of("state", "ended");
    assertEquals("MERGE INTO conversations (phone, channel, state, ended) KEY (phone, channel) VALUES (?, ?, ?, ?)",
        Dialect.H2.upsert("conversations", keys, others));
    assertEquals("INSERT INTO conversations (phone, channel, state, ended) VALUES (?, ?, ?, ?) ON CONFLICT (phone, "
            + "channel) DO UPDATE SET state = EXCLUDED.state, ended = EXCLUDED.ended",
        Dialect.POSTGRESQL.upsert("conversations", keys, others));
  }

  @Test
  void dialectFollowsTheJdbcUrl() {
    assertEquals(Dialect.H2, Dialect.of("jdbc:h2:file:/tmp/x"));
    assertEquals(Dialect.POSTGRESQL, Dialect.of("jdbc:postgresql://db/kabambe"));
    assertThrows(StoreException.class, () -> Dialect.of("jdbc:mysql://db/kabambe"));
  }
}
