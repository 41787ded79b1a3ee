package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.ServeAdminTokenTest.flows;
import static org.kabambe.cli.ServeAdminTokenTest.serve;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A {@code serve --db mem:} server (an H2 database in memory) prints a one-time admin token. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeAdminTokenH2Test {
  @Test
  void anInMemoryServerPrintsAOneTimeAdminToken() throws Exception {
    var serving = serve("--db", "mem:");
    try (var server = serving.server()) {
      var m = Pattern.compile("In-memory database: an admin token for this run \\(dashboard http://localhost:\\d+/, "
          + "API\\), shown once: (\\S+)").matcher(serving.out());
      assertTrue(m.find(), serving.out());
      assertEquals(200, flows(server, m.group(1)));
      assertEquals(401, flows(server, "kbm_not-a-token"));
    }
  }
}
