package org.kabambe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the database did for a run, per hop: for PostgreSQL the WAL bytes, the rows inserted, updated and deleted
 * ({@code pg_stat_database}) and the CPU of the server's processes by kind (from {@code /proc}, so the server must
 * run on this machine); for an H2 file, how much its files grew.
 */
abstract class DatabaseMeter {

  /** A meter for {@code --db}'s value: a PostgreSQL URL, an H2 file's folder, or nothing for {@code mem:}. */
  static DatabaseMeter of(String db, Path h2Folder) {
    if (db.startsWith("jdbc:postgresql:")) return new Postgres(db);
    if (db.equals("mem:") || h2Folder == null) return new None();
    return new H2File(h2Folder);
  }

  /** Takes the starting point of a measured run. */
  abstract void start();

  /** One line of figures per hop since {@link #start()}; empty when there is nothing to say. */
  abstract String perHop(long hops);

  static final class None extends DatabaseMeter {
    @Override
    void start() {}

    @Override
    String perHop(long hops) {
      return "";
    }
  }

  static final class H2File extends DatabaseMeter {
    private final Path folder;
    private long bytes0;

    H2File(Path folder) {
      this.folder = folder;
    }

    @Override
    void start() {
      bytes0 = bytes();
    }

    @Override
    String perHop(long hops) {
      return String.format(Locale.ROOT, "H2 files grew %.0f B a hop (%.1f MB now)", (bytes() - bytes0) / (double) hops,
          bytes() / 1e6);
    }

    private long bytes() {
      try (Stream<Path> files = Files.walk(folder)) {
        return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      } catch (IOException e) {
        return 0;
      }
    }
  }

  static final class Postgres extends DatabaseMeter {
    private static final String COUNTERS = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,"
        + " tup_inserted, tup_updated, tup_deleted, xact_commit FROM pg_stat_database"
        + " WHERE datname = current_database()";
    private final String url;
    private long[] counters0;
    private Map<String, Long> cpu0;
    private long postmaster;

    Postgres(String url) {
      this.url = url;
    }

    @Override
    void start() {
      try (Connection c = DriverManager.getConnection(url)) {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          postmaster = parentOf(rs.getLong(1));
        }
        counters0 = counters(c);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read PostgreSQL's statistics: " + e.getMessage(), e);
      }
      cpu0 = cpuByKind(postmaster);
    }

    @Override
    String perHop(long hops) {
      long[] counters1;
      try (Connection c = DriverManager.getConnection(url)) {
        // The statistics of a backend reach pg_stat_database up to a second after its transactions.
        Thread.sleep(1_500);
        counters1 = counters(c);
      } catch (SQLException | InterruptedException e) {
        return "PostgreSQL statistics unreadable: " + e.getMessage();
      }
      var cpu1 = cpuByKind(postmaster);
      var sb = new StringBuilder(String.format(Locale.ROOT,
          "PostgreSQL per hop: WAL %.0f B, rows inserted %.2f, updated %.2f, deleted %.2f, commits %.3f; CPU %.0f µs (",
          per(counters1, 0, hops), per(counters1, 1, hops), per(counters1, 2, hops), per(counters1, 3, hops),
          per(counters1, 4, hops), (sum(cpu1) - sum(cpu0)) / 1e3 / hops));
      var kinds = new ArrayList<String>();
      cpu1.forEach((kind, ns) -> {
        long delta = ns - cpu0.getOrDefault(kind, 0L);
        if (delta > 0) kinds.add(String.format(Locale.ROOT, "%s %.0f", kind, delta / 1e3 / hops));
      });
      return sb.append(String.join(", ", kinds)).append(')').toString();
    }

    private double per(long[] counters1, int i, long hops) {
      return (counters1[i] - counters0[i]) / (double) hops;
    }

    private static long[] counters(Connection c) throws SQLException {
      try (var st = c.createStatement(); var rs = st.executeQuery(COUNTERS)) {
        rs.next();
        long[] values = new long[5];
        for (int i = 0; i < values.length; i++) values[i] = rs.getLong(i + 1);
        return values;
      }
    }

    private static long sum(Map<String, Long> byKind) {
      return byKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** CPU ns of the postmaster and its children, by process title ("backend", "walwriter", …). */
    static Map<String, Long> cpuByKind(long postmaster) {
      var byKind = new TreeMap<String, Long>();
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
          long pid = Long.parseLong(p.getFileName().toString());
          String[] stat = stat(pid);
          if (stat == null || (pid != postmaster && Long.parseLong(stat[1]) != postmaster)) return;
          long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime
          byKind.merge(pid == postmaster ? "postmaster" : kind(pid), ticks * TICK_NANOS, Long::sum);
        });
      } catch (IOException e) {
        // no /proc: no CPU figures
      }
      return byKind;
    }

    // USER_HZ is 100 on Linux for every architecture we run on.
    private static final long TICK_NANOS = 10_000_000L;

    private static long parentOf(long pid) {
      String[] stat = stat(pid);
      if (stat == null) throw new IllegalStateException("PostgreSQL runs on another machine: no /proc/" + pid);
      return Long.parseLong(stat[1]);
    }

    /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime. */
    private static String[] stat(long pid) {
      try {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    /** "postgres: kabambe kabambe_1 127.0.0.1(5432) idle" is a backend; "postgres: walwriter " is the WAL writer. */
    private static String kind(long pid) {
      try {
        String title = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
            StandardCharsets.UTF_8).replace('\0', ' ').trim();
        String rest = title.startsWith("postgres: ") ? title.substring("postgres: ".length()) : title;
        if (rest.contains("(") && rest.contains(")")) return "backends";
        return rest.replaceAll("\\s+\\S*\\d\\S*$", "").trim();
      } catch (IOException e) {
        return "exited";
      }
    }
  }
}
