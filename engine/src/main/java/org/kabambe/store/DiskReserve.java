package org.kabambe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space kept on the filesystems of an H2 file and its journal: below it the writer refuses hops before
 * writing them (callers answer "busy", SMS are left with the SMSC), so that H2 never meets a full disk. H2 closes
 * its store for good on a failed write, and a file cut off mid-chunk may not open again: a refusal costs a
 * participant a retry, a full disk costs the programme its data. Serving resumes by itself once space is back.
 *
 * <p>{@link #check} reads the free space (a statvfs each folder; call it off the event loop: the writer does,
 * between batches and when idle); {@link #refusing} and {@link #refusal} read the last result and are cheap.
 */
public final class DiskReserve {
  private static final Logger log = LoggerFactory.getLogger(DiskReserve.class);
  /** The least reserve by default: room for H2 to write its last chunks and close, and for a person to react. */
  public static final long DEFAULT_MIN_BYTES = 512L << 20;
  /** The default share of the filesystem kept free, when larger than {@link #DEFAULT_MIN_BYTES}. */
  public static final int DEFAULT_PERCENT = 5;
  /** Nothing to watch (in memory, PostgreSQL: the server's disk is its own business). */
  public static final DiskReserve NONE = new DiskReserve(List.of(), OptionalLong.empty());
  // The writer checks at most this often under load: a batch or two of journal between checks.
  private static final long CHECK_EVERY_NANOS = 50_000_000L;

  /** One watched folder as last measured. */
  public record Folder(Path path, long freeBytes, long reserveBytes) {
    boolean low() {
      return freeBytes < reserveBytes;
    }
  }

  private final List<Path> paths;
  private final OptionalLong reserve;
  private volatile List<Folder> folders = List.of();
  private volatile Optional<String> refusal = Optional.empty();
  private long checkedAt;

  private DiskReserve(List<Path> paths, OptionalLong reserve) {
    this.paths = List.copyOf(paths);
    this.reserve = reserve;
  }

  /**
   * Watches {@code folders} (each is measured on its own filesystem; a folder not made yet is measured at its
   * nearest existing parent), keeping {@code reserveBytes} free on each, or by default max(512 MB, 5 % of it).
   */
  public static DiskReserve of(List<Path> folders, OptionalLong reserveBytes) {
    var reserve = new DiskReserve(folders, reserveBytes);
    reserve.check();
    return reserve;
  }

  /** What {@code database} needs: its file's folder and its journal folder, or {@link #NONE} without a file. */
  public static DiskReserve of(Database database, OptionalLong reserveBytes) {
    return database.file().map(f -> of(List.of(f.toAbsolutePath().getParent(), Database.journalDir(f)),
        reserveBytes)).orElse(NONE);
  }

  /** True while a watched folder has less free space than its reserve (as of the last {@link #check}). */
  public boolean refusing() {
    return refusal.isPresent();
  }

  /** Why hops are refused, in words for /health and for the refused hops' error: empty while there is room. */
  public Optional<String> refusal() {
    return refusal;
  }

  /** Each watched folder's free bytes and reserve, as of the last {@link #check}. */
  public List<Folder> folders() {
    return folders;
  }

  /** As {@link #check}, unless the last check is under 50 ms old (for the writer, before every batch). */
  synchronized boolean checkSoon() {
    if (paths.isEmpty()) return false;
    if (System.nanoTime() - checkedAt < CHECK_EVERY_NANOS) return refusing();
    return check();
  }

  /** Measures every folder again; true if one is below its reserve. Logs when refusing starts and ends. */
  public synchronized boolean check() {
    if (paths.isEmpty()) return false;
    checkedAt = System.nanoTime();
    var now = new ArrayList<Folder>(paths.size());
    Optional<String> why = Optional.empty();
    for (Path p : paths) {
      Folder f = measure(p);
      now.add(f);
      if (f.low() && why.isEmpty()) why = Optional.of(describe(f));
    }
    folders = List.copyOf(now);
    if (why.isPresent() && refusal.isEmpty()) {
      log.error("{}: Kabambe refuses hops until there is room (participants are told the service is busy, SMS are "
          + "left with the SMSC to send again). Free space on that disk (old logs, backups, other files), or move "
          + "the database to a larger disk; serving resumes by itself within seconds of it.", why.get());
    } else if (why.isEmpty() && refusal.isPresent()) {
      log.warn("disk space is back above the reserve ({}): serving again", now.stream()
          .map(f -> f.path() + " " + megabytes(f.freeBytes()) + " free").toList());
    }
    refusal = why;
    return why.isPresent();
  }

  private Folder measure(Path folder) {
    Path p = folder;
    while (p != null && !Files.exists(p)) p = p.getParent();
    try {
      var store = Files.getFileStore(p == null ? folder.getRoot() : p);
      long free = store.getUsableSpace();
      long keep = reserve.isPresent() ? reserve.getAsLong()
          : Math.max(DEFAULT_MIN_BYTES, store.getTotalSpace() / 100 * DEFAULT_PERCENT);
      return new Folder(folder, free, keep);
    } catch (IOException | RuntimeException e) {
      // A folder we cannot even measure is not one to write to: refuse, and say why.
      log.warn("cannot measure the free space of {} ({}); counted as full", folder, e.toString());
      return new Folder(folder, 0, reserve.orElse(DEFAULT_MIN_BYTES));
    }
  }

  private static String describe(Folder f) {
    return "disk space low: " + f.path() + " has " + megabytes(f.freeBytes()) + " (" + f.freeBytes() + " bytes) "
        + "free, below the reserve of " + megabytes(f.reserveBytes()) + " (" + f.reserveBytes() + " bytes; "
        + "database.disk_reserve in the config file)";
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }

  private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+)\\s*(b|kb|mb|gb|tb)?\\s*");

  /**
   * Reads a size as the config file gives it: {@code 512MB}, {@code 2GB}, {@code 65536} (bytes); units are
   * binary (1 MB = 1,048,576 bytes). Throws an {@link IllegalArgumentException} saying what is accepted.
   */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: write e.g. 512MB, 2GB or a number of bytes");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    int shift = switch (unit) {
      case "kb" -> 10;
      case "mb" -> 20;
      case "gb" -> 30;
      case "tb" -> 40;
      default -> 0;
    };
    if (n > (Long.MAX_VALUE >> shift)) throw new IllegalArgumentException("'" + text + "' is too large a size");
    return n << shift;
  }
}
