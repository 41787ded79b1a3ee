package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.kabambe;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;

/** {@code kabambe token create|list|revoke} on a real H2 file or PostgreSQL database. */
@Tag("database")
class TokenCliTest {
  @TempDir Path dir;

  @Test
  void createPrintsTheIdRevokeNeedsAndListShowsEverythingButTheSecret() {
    String db = TestDatabases.location(dir.resolve("data"));
    var dashboard = kabambe("token", "create", "--role", "viewer", "--name", "dashboard", "--expires", "90d",
        "--db", db);
    assertEquals(Main.OK, dashboard.exit(), dashboard.all());
    String secret = dashboard.out().strip();
    assertTrue(secret.startsWith("kbm_"), dashboard.out());
    assertTrue(dashboard.err().startsWith("token id 1 (viewer, 'dashboard', expires "), dashboard.err());
    assertTrue(dashboard.err().contains("revoke it with: kabambe token revoke 1"), dashboard.err());
    var robot = kabambe("token", "create", "--role", "admin", "--name", "robot", "--db", db);
    assertEquals(Main.OK, robot.exit(), robot.all());
    assertTrue(robot.err().startsWith("token id 2 (admin, 'robot')"), robot.err());

    try (var d = Database.open(db)) { // the dashboard signs in once
      assertTrue(new ApiTokens(d, Clock.systemUTC()).check(Optional.of("Bearer " + secret), Role.VIEWER).caller()
          .isPresent());
    }
    assertEquals(Main.OK, kabambe("token", "revoke", "2", "--db", db).exit());

    var list = kabambe("token", "list", "--db", db);
    assertEquals(Main.OK, list.exit(), list.all());
    var lines = list.out().lines().toList();
    assertEquals(4, lines.size(), list.out());
    assertTrue(lines.get(0).matches("ID +NAME +ROLE +STATUS +EXPIRES +LAST USED"), lines.get(0));
    assertTrue(lines.get(1).matches("1 +dashboard +viewer +active +20\\d\\d-\\d\\d-\\d\\dT\\S+Z +20\\d\\d-\\S+Z"),
        lines.get(1));
    assertTrue(lines.get(2).matches("2 +robot +admin +revoked +never +never"), lines.get(2));
    assertEquals("2 token(s)", lines.get(3));
    assertFalse(list.all().contains(secret), "the secret is never shown again");
    assertFalse(list.all().contains(robot.out().strip()));
  }
}
