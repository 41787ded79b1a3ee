package org.kabambe.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small real filesystem (a tmpfs of a few MB mounted on a folder) for the full-disk tests: writes to it fail with
 * "No space left on device" as on a full data disk. Needs root to mount; a test without it is skipped, saying why.
 * {@link #close} unmounts it.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path dir;
  private Path filler;

  private SmallDisk(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code megabytes} on {@code dir} (created), or skips the test when it cannot. */
  public static SmallDisk mount(Path dir, int megabytes) throws IOException, InterruptedException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "skipped: mounting a small tmpfs to fill needs root (user is " + System.getProperty("user.name") + ")");
    Files.createDirectories(dir);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(ok, "skipped: cannot mount a tmpfs on " + dir + " (" + out.strip() + ")");
    return new SmallDisk(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Free bytes on the filesystem as an ordinary process sees them. */
  public long free() throws IOException {
    return Files.getFileStore(dir).getUsableSpace();
  }

  /**
   * Grows a filler file until at most {@code leaveBytes} are free (0: until a write fails, the disk full), as a
   * log or a copy filling the data disk would.
   */
  public void fillLeaving(long leaveBytes) throws IOException {
    if (filler == null) filler = dir.resolve("filler.bin");
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND)) {
      long free;
      while ((free = free()) > leaveBytes) {
        int n = (int) Math.min(block.length, Math.max(4096, free - leaveBytes));
        out.write(block, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      if (leaveBytes > 0) throw e; // asked to leave room, yet the disk filled: say so
    }
  }

  /** Deletes the filler: the space is back. */
  public void free(String why) throws IOException {
    if (filler != null) Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(20, TimeUnit.SECONDS);
  }
}
