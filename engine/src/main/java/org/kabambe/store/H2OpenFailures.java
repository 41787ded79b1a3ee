package org.kabambe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.api.ErrorCode;

/**
 * Why an H2 file did not open, in words a person can act on: in use by another process, missing, damaged (then
 * {@link DamagedFile} says what to do), or its folder cannot be written.
 */
final class H2OpenFailures {
  private H2OpenFailures() {}

  static void createParent(String location, Path file) {
    Path dir = file.getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create database " + location + ": directory " + dir
          + " cannot be created (" + e + "); choose another --db path", e);
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException("cannot create database " + location + ": directory " + dir
          + " is not writable; choose another --db path or fix its permissions");
    }
  }

  static StoreException missing(String location, Path file) {
    return new StoreException("there is no database " + location + " (no file " + file + ".mv.db); give the --db "
        + "of the server whose data you mean, or run from its folder");
  }

  static StoreException openFailure(String location, Path file, SQLException e) {
    if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
      return new DatabaseInUseException(location, "database " + location + " is in use by another process (stop "
          + "it, or choose another --db path)", e);
    }
    if (e.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1 && file != null) {
      return missing(location, file);
    }
    if (file != null && damaged(e)) {
      return DamagedFile.refusal(location, file, "H2: " + firstLine(e.getMessage()), e);
    }
    return new StoreException("cannot open database " + location + ": " + e.getMessage(), e);
  }

  // FILE_CORRUPTED_1 for a bad record; a file cut short or overwritten fails in MVStore's own words.
  static boolean damaged(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) return true;
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("corrupt") || m.contains("valid set of chunks") || m.contains("file header")
          || m.contains("chunk")) {
        return true;
      }
    }
    return false;
  }

  /** A file that opened but failed on its first read of a damaged page. */
  static DamagedFileException damagedOnRead(String location, Path file, RuntimeException e) {
    return DamagedFile.refusal(location, file, "H2: " + firstLine(rootMessage(e)), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getMessage();
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int cut = m.indexOf('\n');
    return cut < 0 ? m : m.substring(0, cut);
  }
}
