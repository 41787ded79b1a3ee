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
 * {@code versions LOCATION}: move {@link Hops#VERSIONED_PHONES} conversations on one version a round, each hop with one
 * answer, continuing from what the file holds; prints "round N;" once every hop of round N is acknowledged.
 */
public final class HopWriterProcess {
  public static void main(String[] args) throws Exception {
    var out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    Database db = Database.open(args[1]);
    if (args[0].equals("hold")) {
      out.println("open");
      Thread.sleep(60_000); // holding the database until the test kills this process: the behaviour under test
      return;
    }
    var writer = GroupCommitWriter.start(db);
    if (args[0].equals("versions")) {
      moveVersions(db, writer, out);
      return;
    }
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

  private static void moveVersions(Database db, GroupCommitWriter writer, PrintStream out) throws Exception {
    long[] version = new long[Hops.VERSIONED_PHONES];
    try (var c = db.connection(); var select = c.prepareStatement("SELECT version FROM conversations WHERE phone = ?")) {
      for (int p = 0; p < version.length; p++) {
        select.setString(1, Hops.phone(p));
        try (var rs = select.executeQuery()) {
          version[p] = rs.next() ? rs.getLong(1) : 0;
        }
      }
    }
    // A kill leaves the last rounds' hops in the file in part: the conversations behind catch up one hop at a time.
    long round = java.util.Arrays.stream(version).max().orElse(0);
    try (var c = db.connection()) {
      System.err.println("opened at versions " + java.util.Arrays.stream(version).min().orElse(0) + ".." + round
          + ", batches up to " + HopStatements.appliedSeq(c));
    }
    for (int p = 0; p < version.length; p++) {
      for (; version[p] < round; version[p]++) {
        writer.submit(hop(p, version[p])).join();
      }
    }
    for (round++; ; round++) {
      var hops = new ArrayList<java.util.concurrent.CompletableFuture<Void>>();
      for (int p = 0; p < version.length; p++) {
        hops.add(writer.submit(hop(p, version[p])));
        version[p]++;
      }
      java.util.concurrent.CompletableFuture.allOf(hops.toArray(new java.util.concurrent.CompletableFuture<?>[0])).join();
      out.println("round " + round + ";");
    }
  }

  private static HopWrite hop(int phone, long from) {
    return Hops.versioned(phone, from == 0 ? ConversationRow.ABSENT : from, from + 1);
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
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-" + mode + ".err").toFile()))
        .start();
  }
}
