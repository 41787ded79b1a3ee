package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file's {@code http} section: what one client may hold of the server. */
class HttpLimitsConfigTest {
  @TempDir
  Path dir;

  private DeploymentConfig read(String yaml) throws Exception {
    Path file = dir.resolve("kabambe.yaml");
    Files.writeString(file, yaml);
    return DeploymentConfig.read(file);
  }

  @Test
  void theSectionSetsDeadlinesAndCaps() throws Exception {
    HttpLimits l = read("http: {header_timeout: 3s, body_timeout: 4s, idle_timeout: 30s, max_connections: 500, "
        + "max_connections_per_address: 50}\n").http();
    assertEquals(new HttpLimits(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(30), 500, 50), l);
  }

  @Test
  void withoutItTheCapsKeepDescriptorsForTheServer() throws Exception {
    HttpLimits l = read("default_language: en\n").http();
    assertEquals(Duration.ofSeconds(10), l.headerTimeout());
    assertEquals(HttpLimits.defaults(), l);
    assertEquals(10_000, HttpLimits.defaultMaxConnections(100_000));
    assertEquals(4_096 - 1_024, HttpLimits.defaultMaxConnections(4_096)); // 1,024 kept for files and binds
    assertEquals(64, HttpLimits.defaultMaxConnections(1_024));
    assertEquals(10_000, HttpLimits.defaultMaxConnections(-1)); // limit unknown
  }

  @Test
  void aMistakeNamesItsPlace() throws Exception {
    var e = assertThrows(IllegalArgumentException.class, () -> read("http: {max_connections: 0}\n"));
    assertTrue(e.getMessage().contains("kabambe.yaml:1:"), e.getMessage());
    var typo = assertThrows(IllegalArgumentException.class, () -> read("http: {header_timout: 3s}\n"));
    assertTrue(typo.getMessage().contains("header_timeout"), typo.getMessage());
  }
}
