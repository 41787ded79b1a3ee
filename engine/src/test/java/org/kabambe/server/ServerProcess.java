package org.kabambe.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code kabambe serve} in a child JVM on the test class path, so a test can kill it like a crash would. */
final class ServerProcess {
  private ServerProcess() {}

  /** Starts the server; its stdout and stderr go to {@code logs/serve-NAME.out|err}. */
  static Process start(Path logs, String name, int port, String db, Path flows, String... moreOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.kabambe.cli.Main");
    command.add("serve");
    command.add("--host");
    command.add("127.0.0.1");
    command.add("--port");
    command.add(Integer.toString(port));
    command.add("--db");
    command.add(db);
    command.add("--flows");
    command.add(flows.toString());
    command.addAll(List.of(moreOptions));
    return new ProcessBuilder(command)
        .redirectOutput(logs.resolve("serve-" + name + ".out").toFile())
        .redirectError(logs.resolve("serve-" + name + ".err").toFile())
        .start();
  }
}
