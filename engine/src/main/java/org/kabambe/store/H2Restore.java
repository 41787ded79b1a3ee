package org.kabambe.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Puts an {@link H2Backup} zip in place as the H2 file database of a stopped server. The backup is unpacked beside
 * the target and opened once (so a damaged zip is refused before anything is moved); an existing database is kept
 * aside, with its journal, under a name that still opens ({@code kabambe-before-restore-20261205T113000}). A journal
 * folder left beside the target always goes aside with it: its batches belong to the old file, and replayed into the
 * restored one they would apply hops the backup never had.
 */
public final class H2Restore {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
      .withZone(ZoneOffset.UTC);

  /** What a restore did: the database now in place, and where the one it replaced went. */
  public record Outcome(Path database, Optional<Path> keptAside) {}

  private H2Restore() {}

  /**
   * Restores {@code zip} to the H2 database {@code location} (a path without {@code .mv.db}). Refuses with a
   * {@link StoreException} when the database is in use, when it exists and {@code force} is false, or when the zip
   * holds no H2 file that opens.
   */
  public static Outcome run(Path zip, String location, boolean force, Instant now) {
    Path base = base(location);
    Path target = mvDb(base);
    if (!Files.isRegularFile(zip)) {
      throw new StoreException("there is no backup file " + zip + "; give the file kabambe db backup wrote");
    }
    boolean exists = Files.exists(target);
    if (exists && inUse(target)) {
      throw new DatabaseInUseException(location, "the database " + location + " is in use by a running server; stop "
          + "it before restoring over it");
    }
    if (exists && !force) {
      throw new StoreException("the database " + location + " exists (" + target + "); restore refuses to replace "
          + "it: give --force to keep it aside and restore in its place, or choose a new --db");
    }
    String stamp = STAMP.format(now);
    Path unpacked = base.resolveSibling(base.getFileName() + "-restoring-" + stamp);
    try {
      Files.createDirectories(base.getParent());
      unpack(zip, mvDb(unpacked));
      Database.openExisting(unpacked.toString()).close(); // refuses a file H2 cannot open, before anything moves
      Optional<Path> aside = Optional.empty();
      Path asideBase = base.resolveSibling(base.getFileName() + "-before-restore-" + stamp);
      if (exists) {
        Files.move(target, mvDb(asideBase));
        aside = Optional.of(mvDb(asideBase));
      }
      Path journal = journal(base);
      if (Files.exists(journal)) {
        Files.move(journal, journal(asideBase));
        if (aside.isEmpty()) aside = Optional.of(journal(asideBase));
      }
      Files.move(mvDb(unpacked), target, StandardCopyOption.ATOMIC_MOVE);
      return new Outcome(target, aside);
    } catch (IOException e) {
      throw new StoreException("cannot restore " + zip + " to " + location + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(mvDb(unpacked));
      } catch (IOException ignored) {
        // a leftover named -restoring- is harmless
      }
    }
  }

  /** Copies the zip's one {@code .mv.db} entry to {@code to}; refuses a zip without one. */
  private static void unpack(Path zip, Path to) throws IOException {
    try (InputStream in = Files.newInputStream(zip); var entries = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = entries.getNextEntry()) != null) {
        if (!e.isDirectory() && e.getName().endsWith(".mv.db")) {
          Files.copy(entries, to);
          return;
        }
      }
    } catch (ZipException e) {
      throw new StoreException("the backup file " + zip + " is not a zip (" + e.getMessage() + "); give the file "
          + "kabambe db backup wrote", e);
    }
    throw new StoreException("the backup file " + zip + " holds no H2 database (no .mv.db inside); give the file "
        + "kabambe db backup wrote");
  }

  /**
   * Whether another process (or this one) holds the H2 file: H2 locks it while open. A lock we can take is
   * released at once.
   */
  static boolean inUse(Path mvDb) {
    try (FileChannel ch = FileChannel.open(mvDb, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) return true;
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      throw new StoreException("cannot check whether " + mvDb + " is in use: " + e.getMessage(), e);
    }
  }

  private static Path base(String location) {
    String b = location.endsWith(".mv.db") ? location.substring(0, location.length() - ".mv.db".length()) : location;
    return Path.of(b).toAbsolutePath().normalize();
  }

  private static Path mvDb(Path base) {
    return base.resolveSibling(base.getFileName() + ".mv.db");
  }

  private static Path journal(Path base) {
    return base.resolveSibling(base.getFileName() + ".journal");
  }
}
