package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.retention.RetentionSettings;

/** The config file's {@code retention} section: how long each kind of raw data is kept. */
class RetentionConfigTest {
  @TempDir
  Path dir;

  private DeploymentConfig read(String yaml) throws Exception {
    Path file = dir.resolve("kabambe.yaml");
    Files.writeString(file, yaml);
    return DeploymentConfig.read(file);
  }

  @Test
  void aKindNamedIsSetForeverKeepsItAndTheRestKeepTheirDefaults() throws Exception {
    RetentionSettings r = read("retention: {events: 30d, answers: forever}\n").retention();
    assertEquals(Optional.of(Duration.ofDays(30)), r.events());
    assertEquals(Optional.empty(), r.answers());
    assertEquals(RetentionSettings.DEFAULTS.endedConversations(), r.endedConversations());
    assertEquals(RetentionSettings.DEFAULTS.audit(), r.audit());
    assertEquals(RetentionSettings.DEFAULTS, read("default_language: en\n").retention());
  }

  @Test
  void aMistakeNamesItsPlace() throws Exception {
    var shortOne = assertThrows(IllegalArgumentException.class, () -> read("retention: {events: 2h}\n"));
    assertTrue(shortOne.getMessage().contains("kabambe.yaml:1:") && shortOne.getMessage().contains("at least 1d"),
        shortOne.getMessage());
    var typo = assertThrows(IllegalArgumentException.class, () -> read("retention: {outbox: 30d}\n"));
    assertTrue(typo.getMessage().contains("outbox_bodies"), typo.getMessage());
    var notADuration = assertThrows(IllegalArgumentException.class, () -> read("retention: {audit: two years}\n"));
    assertTrue(notADuration.getMessage().contains("1d"), notADuration.getMessage());
  }
}
