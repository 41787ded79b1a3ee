package org.kabambe.store;

import java.nio.file.Path;
import org.h2.Driver;
import org.h2.engine.Constants;

/**
 * What to tell a person whose H2 file cannot be read (cut short or overwritten: a full disk, a bad copy): which file,
 * that nothing was changed, and the commands that recover it. A stack trace tells them none of it.
 */
final class DamagedFile {
  private DamagedFile() {}

  /** The refusal for {@code file} (a path without {@code .mv.db}); {@code why} says what was found. */
  static DamagedFileException refusal(String location, Path file, String why, Throwable cause) {
    Path dir = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    return new DamagedFileException("the database file " + file + ".mv.db is damaged and cannot be opened (" + why + "). "
        + "Nothing was changed. To recover: stop here and keep the damaged file; restore your last backup of it in "
        + "its place (kabambe db restore, or copy the backup to " + file + ".mv.db), or salvage what H2 can still "
        + "read: java -cp " + h2Jar() + " org.h2.tools.Recover -dir " + dir + " -db " + name + " (writes "
        + dir.resolve(name + ".h2.sql") + ", which org.h2.tools.RunScript loads into a new file); then start "
        + "again with --db " + location, cause);
  }

  // The H2 jar this server runs with: the Recover tool must be the same version as the file's writer.
  private static String h2Jar() {
    try {
      var source = Driver.class.getProtectionDomain().getCodeSource();
      if (source != null) return Path.of(source.getLocation().toURI()).toString();
    } catch (Exception ignored) {
      // fall through to the name
    }
    return "h2-" + Constants.VERSION + ".jar";
  }
}
