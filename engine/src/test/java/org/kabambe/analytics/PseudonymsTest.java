package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kabambe.store.Database;

class PseudonymsTest {
  @Test
  void stableWithinADeploymentAndKeyedBySecret() {
    try (Database db = Database.open(Database.IN_MEMORY)) {
      String first = Pseudonyms.of(db, Map.of()).of("+265991234567");
      assertEquals(first, Pseudonyms.of(db, Map.of()).of("+265991234567"), "the stored secret is reused");
      assertNotEquals(first, Pseudonyms.of(db, Map.of()).of("+265991234568"));
      assertNotEquals(first, Pseudonyms.of(db, Map.of(Pseudonyms.SECRET_VARIABLE, "another-secret-of-16+")).of(
          "+265991234567"), "KABAMBE_SECRET wins");
      assertEquals(22, first.length()); // "p_" and 20 hex digits
    }
  }
}
