package org.kabambe.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A real H2 lock: another JVM (H2's own shell) holds an H2 file, as a running server does. Closing it ends that JVM.
 */
public final class H2FileHolder implements AutoCloseable {
  private final Process shell;

  private H2FileHolder(Process shell) {
    this.shell = shell;
  }

  /** Holds {@code h2File} (a Kabambe --db path, without .mv.db) once the shell has connected. */
  public static H2FileHolder hold(String h2File) throws IOException {
    Process shell = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.h2.tools.Shell", "-url", "jdbc:h2:file:"
        + Path.of(h2File).toAbsolutePath(), "-user", "kabambe", "-password", "").redirectErrorStream(true).start();
    var holder = new H2FileHolder(shell);
    try {
      awaitPrompt(shell.getInputStream());
    } catch (IOException | RuntimeException | Error e) {
      holder.close();
      throw e;
    }
    return holder;
  }

  /** Waits until the shell has connected (it then prompts {@code sql>}). */
  private static void awaitPrompt(InputStream shell) throws IOException {
    var seen = new StringBuilder();
    int c;
    while ((c = shell.read()) >= 0) {
      seen.append((char) c);
      if (seen.indexOf("sql>") >= 0) return;
    }
    throw new AssertionError("the H2 shell ended before connecting: " + seen);
  }

  @Override
  public void close() {
    shell.destroyForcibly();
    try {
      shell.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
