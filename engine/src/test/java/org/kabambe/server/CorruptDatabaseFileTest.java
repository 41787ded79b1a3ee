package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.cli.Main;

/**
 * A damaged H2 file (cut short, or overwritten in the middle, as a full disk or a bad copy leaves one) stops
 * {@code kabambe serve} (a child JVM) with a message naming the file and how to recover it, never a stack trace;
 * and H2 writes no {@code .trace.db} beside it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CorruptDatabaseFileTest {
  @TempDir
  Path dir;

  @Test
  void aTruncatedFileStopsServeWithTheFileAndTheRecoveryCommand() throws Exception {
    Path file = databaseWithData("truncated");
    try (var f = new RandomAccessFile(file.toFile(), "rw")) {
      // A quarter: H2 opens a file cut at half as if nothing happened (its second half is free space after a clean
      // stop), and a file cut deeper at its last chunk it can read, silently older, unless it is refused.
      f.setLength(f.length() / 4);
    }
    assertRefusedWithRecovery("truncated", file);
  }

  @Test
  void aFileOverwrittenInTheMiddleStopsServeWithTheFileAndTheRecoveryCommand() throws Exception {
    Path file = databaseWithData("overwritten");
    try (var f = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] junk = new byte[(int) Math.min(64 * 1024, f.length() / 2)];
      java.util.Arrays.fill(junk, (byte) 0x5a);
      f.seek(f.length() - junk.length); // the newest chunks and the file's closing header
      f.write(junk);
      f.seek(0); // and both headers at the start
      f.write(junk, 0, 8192);
    }
    assertRefusedWithRecovery("overwritten", file);
  }

  /** An H2 file a server wrote: some participants' surveys over real HTTP, then a clean stop. */
  private Path databaseWithData(String name) throws Exception {
    String location = dir.resolve(name + "/kabambe").toString();
    int port = UssdClient.freePort();
    try (var server = KabambeServer.start(new ServeOptions("127.0.0.1", port, UssdClient.DEMO_FLOWS, location,
        Optional.empty()))) {
      var client = new UssdClient(port);
      for (int i = 0; i < 20; i++) {
        client.africasTalking("s" + i, "+2547110000" + (10 + i), "");
        client.africasTalking("s" + i, "+2547110000" + (10 + i), "1");
      }
    }
    return Path.of(location + ".mv.db");
  }

  private void assertRefusedWithRecovery(String name, Path file) throws Exception {
    String location = file.toString().substring(0, file.toString().length() - ".mv.db".length());
    Process child = ServerProcess.start(dir, name, UssdClient.freePort(), location, UssdClient.DEMO_FLOWS);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "serve kept running on a damaged file");
    String err = Files.readString(dir.resolve("serve-" + name + ".err"));
    assertEquals(Main.INPUT_WRONG, child.exitValue(), err);
    assertTrue(err.contains(file.toString()), "the message names the file: " + err);
    assertTrue(err.contains("org.h2.tools.Recover -dir " + file.getParent()) && err.contains("backup"),
        "the message gives the recovery commands: " + err);
    assertTrue(!err.contains("\tat "), "no stack trace: " + err);
    try (var files = Files.list(file.getParent())) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".trace.db")),
          "H2 wrote a .trace.db beside the data");
    }
  }
}
