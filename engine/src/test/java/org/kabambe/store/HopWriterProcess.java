package org.kabambe.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * A child JVM for crash and lock tests. {@code hold LOCATION}: open the database, print "open", wait to be killed.
 * {@code write LOCATION}: write hops forever, printing "ack N;" for each hop once its future completed ("fail N;" if it failed).
 */
public final class HopWriterProcess {
  public static void main(String[] args) throws Exception {
    var out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    Database db = Database.open(args[1]);
    if (args[0].equals("hold")) {
      out.println("open");
      Thread.sleep(60_000);
      return;
    }
    var writer = GroupCommitWriter.start(db);
    var inFlight = new Semaphore(2_000);
    for (int i = 0; ; i++) {
      inFlight.acquire();
      int id = i;
      writer.submit(Hops.typical(id)).whenComplete((ok, error) -> {
        inFlight.release();
        if (error == null) {
          out.println("ack " + id + ";");
        } else {
          out.println("fail " + id + ";");
        }
      });
    }
  }

  /** Starts this class in a fresh JVM on the test class path; stderr goes to a file in {@code dir}. */
  static Process start(Path dir, String mode, String location) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HopWriterProcess.class.getName());
    command.add(mode);
    command.add(location);
    return new ProcessBuilder(command)
        .redirectError(dir.resolve("child-" + mode + ".err").toFile())
        .start();
  }
}
