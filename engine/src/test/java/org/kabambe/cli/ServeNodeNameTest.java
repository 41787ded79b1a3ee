package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code kabambe serve --node-name}: the name a node goes by in the outbox's claims, logs and {@code /health};
 * without it, host name and process id; a name that cannot fit {@code claimed_by} is refused naming the option.
 */
class ServeNodeNameTest {
  @Test
  void theGivenNameIsTheNodesName() throws Exception {
    try (var server = ServeAdminTokenTest.serve("--db", "mem:", "--node-name", "nairobi-1").server()) {
      assertEquals("nairobi-1", server.singletons().node());
    }
  }

  @Test
  void withoutANameTheNodeIsNamedAfterItsHostAndProcess() throws Exception {
    if (System.getenv("KABAMBE_NODE") != null) return; // the environment names it
    try (var server = ServeAdminTokenTest.serve("--db", "mem:").server()) {
      String node = server.singletons().node();
      assertTrue(node.endsWith("-" + ProcessHandle.current().pid()), node);
    }
  }

  @Test
  void aNameTooLongForTheOutboxIsRefusedNamingTheOption() {
    var e = assertThrows(CliException.class,
        () -> ServeAdminTokenTest.serve("--db", "mem:", "--node-name", "n".repeat(65)));
    assertTrue(e.getMessage().contains("--node-name") && e.getMessage().contains("64"), e.getMessage());
  }
}
