package org.kabambe.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.MVStore;

/**
 * The database: embedded H2 opened from a file path (or {@code mem:}), or a PostgreSQL server from a
 * {@code jdbc:postgresql://} URL; migrated to the current schema at start-up, and handing out pooled connections.
 * JDBC is blocking: use it on workers or the writer thread only.
 *
 * <p>Why one class of this size: it is the one handle every part of the store holds, and what it owns for an H2
 * file (the in-process lock, the anchor connection, the store and its guard, the file-maintenance lock, the
 * journal's ownership) is opened, replayed and closed together, in one order; the H2 URL's comment is long because
 * each setting carries the measurement behind it. Already apart: why a file did not open ({@link H2OpenFailures}),
 * the PostgreSQL pool ({@link PostgresDatabase}), the journal's replay ({@link JournalReplay}).
 */
public final class Database implements AutoCloseable {
  /** The location that asks for a fresh in-memory database (one per {@link #open} call). */
  public static final String IN_MEMORY = "mem:";

  /** The PostgreSQL pool size when none is given, and why: see {@link PostgresDatabase#DEFAULT_POOL_SIZE}. */
  public static final int DEFAULT_POOL_SIZE = PostgresDatabase.DEFAULT_POOL_SIZE;

  // H2 shares a file database between opens in one JVM instead of refusing: refuse ourselves.
  private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

  private final String location;
  private final Dialect dialect;
  private final Path file;
  private final DataSource pool;
  private final Runnable disposePool;
  // H2 only (null on PostgreSQL): held for the database's lifetime, keeps H2 from closing (and unlocking) the file
  // when the pool is idle.
  private final Connection anchor;
  // The store under a file database (null in memory), for flush(). H2 internals: pinned to the H2 version in the pom.
  private final MVStore store;
  /** Holds the store's chunk writes off the writer's transactions, so that each reaches the file whole. */
  private final H2StoreGuard storeGuard;
  private volatile boolean closed;
  // H2 file only: what its compactor saw; and held by a backup while it copies, so that no chunk moves meanwhile.
  private final CompactionFigures compaction = new CompactionFigures();
  private final ReentrantLock fileMaintenance = new ReentrantLock();
  // One group-commit writer at a time owns the journal folder.
  private final AtomicBoolean journalTaken = new AtomicBoolean();
  // PostgreSQL only (null on H2, which is in the process): fails fast while the server is down.
  private final ConnectionBreaker breaker;
  // PostgreSQL only: where dedicated (unpooled) connections go; set once in startPostgres, before anyone reads it.
  private PostgresUrl postgresUrl;

  private Database(String location, Dialect dialect, Path file, DataSource pool, Runnable disposePool,
                   Connection anchor, MVStore store) {
    this.location = location;
    this.dialect = dialect;
    this.file = file;
    this.pool = pool;
    this.disposePool = disposePool;
    this.anchor = anchor;
    this.store = store;
    this.storeGuard = H2StoreGuard.of(store);
    this.breaker = dialect == Dialect.POSTGRESQL ? new ConnectionBreaker(location) : null;
  }

  /**
   * Opens (creating if needed) and migrates the database at {@code location}: a file path without the
   * {@code .mv.db} suffix, e.g. {@code data/kabambe}, {@link #IN_MEMORY}, or a PostgreSQL URL
   * {@code jdbc:postgresql://host[:port]/db?user=…} (an existing database; its tables are created). Fails fast with
   * a {@link StoreException} naming the location when the file is in use or cannot be written, or the server
   * cannot be reached or refuses the login.
   */
  public static Database open(String location) {
    return open(location, PostgresDatabase.DEFAULT_POOL_SIZE);
  }

  /** As {@link #open(String)}, with a PostgreSQL pool of {@code poolSize} connections (H2 ignores it). */
  public static Database open(String location, int poolSize) {
    return open(location, true, poolSize);
  }

  /**
   * Refuses a location that names a database by a URL Kabambe does not open (jdbc:mysql:…, postgres://…, jdbc:h2:…)
   * or another scheme: taken for a file path it would silently create an H2 file in a folder named after the URL.
   */
  static void requireSupported(String location) {
    if (location.equals(IN_MEMORY) || PostgresUrl.matches(location)) return;
    if (location.matches("(?i)^[a-z][a-z0-9+.-]*:.*") && !location.matches("^[A-Za-z]:[\\\\/].*")) {
      throw new StoreException("--db " + PostgresUrl.redact(location) + " is not a database Kabambe can open: give "
          + "an H2 file path (e.g. data/kabambe, without .mv.db), " + IN_MEMORY + " for a throwaway in-memory "
          + "database, or a PostgreSQL URL " + PostgresUrl.PREFIX + "HOST:PORT/DATABASE?user=USER");
    }
  }

  /**
   * As {@link #open}, but only a database that exists: a missing file is a {@link StoreException} saying so, and
   * nothing is created (for commands that read or change what a server recorded; H2 would otherwise create an
   * empty database and the command would report nothing found).
   */
  public static Database openExisting(String location) {
    return openExisting(location, PostgresDatabase.DEFAULT_POOL_SIZE);
  }

  /**
   * As {@link #openExisting(String)}, with a PostgreSQL pool of {@code poolSize} connections (H2 ignores it). On
   * PostgreSQL, "exists" means the database already holds Kabambe's schema.
   */
  public static Database openExisting(String location, int poolSize) {
    return open(location, false, poolSize);
  }

  private static Database open(String location, boolean create, int poolSize) {
    requireSupported(location);
    if (PostgresUrl.matches(location)) {
      return startPostgres(PostgresUrl.parse(location, System::getenv), !create, poolSize);
    }
    if (location.equals(IN_MEMORY)) {
      if (!create) throw new StoreException("there is no database to open at " + IN_MEMORY + " (it lives in a "
          + "running server's memory)");
      String url = "jdbc:h2:mem:kabambe-" + UUID.randomUUID();
      return start(location, null, url);
    }
    String base = location.endsWith(".mv.db") ? location.substring(0, location.length() - ".mv.db".length())
        : location;
    Path file = Path.of(base).toAbsolutePath().normalize();
    if (create) {
      H2OpenFailures.createParent(location, file);
    } else if (!Files.isRegularFile(Path.of(file + ".mv.db"))) {
      throw H2OpenFailures.missing(location, file);
    }
    if (!OPEN_FILES.add(file)) {
      throw new DatabaseInUseException(location, "database " + location + " is already open in this process");
    }
    try {
      // Durability and file size, measured on H2 2.3.232 with 4-row hops and the group-commit writer:
      // - WRITE_DELAY=0 made every commit reach the file before commit() returned, but it also stops the MVStore
      //   background thread, which is what rewrites partly-dead chunks so that they can be freed and reused, and
      //   every small commit wrote its own chunk: the file grew 3.7-4 KB a hop (1.2 GB after 300k hops) for data
      //   that compacts to 0.2 KB a hop.
      // - So we keep H2's background thread (WRITE_DELAY: it stores that often and compacts; 2 s, see below).
      //   A flush() after each batch commit made it survive a kill (flush() says why) but rewrote every touched
      //   page per batch: ~0.9 KB a hop of file. The writer now journals each batch instead (HopJournal) and a
      //   checkpoint flushes every 2 s; open() replays the journal.
      // A commit made on another connection is NOT durable on kill until a flush() or the background store (within
      // ~2 s): writes that must survive a kill go through the GroupCommitWriter or call flush().
      // DB_CLOSE_ON_EXIT=FALSE: we close in order (writer drained first) rather than H2's shutdown hook racing it.
      // CACHE_SIZE=4096 (KB; H2's default is 16 MB): H2's page cache lives in the old generation and is updated on
      // every access, and the pages it admits outlive a young collection before they are evicted, so the garbage
      // collector pays for it on every young pause. Measured at 2,000 USSD hops/s (bench-ussd --rate 2000): young
      // pauses averaged 21 ms with 16 MB, 13 ms with 8 MB or 4 MB, and the old generation grew 2.3, 2.0 and
      // 1.2 MB/s; p99 17-22 / 11 / 8 ms. Closed-loop throughput did not change (the OS caches the file).
      // IFEXISTS: the file check above races with a delete; H2 then refuses instead of creating.
      // TRACE_LEVEL_FILE=0: no <db>.trace.db beside the data. H2 wrote every failed statement there, values and
      // all (numbers in clear), unbounded, on the data disk; the errors reach us as exceptions and are logged.
      // File size (issue 14; scripts/bench-filesize, docs/benchmarks.md): the file is its live data plus what H2
      // wrote in its retention time (dead chunks it may not reuse yet: 45 s, which H2FileDurability shortens
      // while a writer serves, since its checkpoints fsync the file), and H2 rewrites each page a store
      // touches. So H2 stores every 2 s instead of every 500 ms (WRITE_DELAY=2000, the checkpoint's period: a page
      // changed by many hops is written once, not four times). Acknowledged hops are journalled, and the outbox,
      // broadcasts, campaigns and erasure flush() before they report success; another commit without a flush
      // reaches the file within 2 s of a kill instead of 0.5 s.
      // COMPRESS stays off although it makes the file about 2.5x smaller (1.9-2.5x its live data under load instead
      // of ~5.7x): with it on, H2KillAtomicityTest twice found a conversation behind an acknowledged round after a
      // kill in CI (2026-12-06, both times at the tenth kill, with other test classes running beside it), though
      // 250 kills on a quieter machine found nothing. -Dkabambe.h2.compress=on turns it on (bench-filesize).
      // MAX_COMPACT_TIME=0: no compaction when closing. H2 2.3.232 moves chunks at close after its last commit
      // (h2database issue #4247, fixed in 2.4.240): the next open may find the newest chunks unreadable and fall back,
      // silently, to an older complete set. We saw it once: after a graceful close, a file reopened at the chunks of
      // its first seconds (H2KillAtomicityTest, compressed pages). H2Compactor compacts while serving instead, and
      // `kabambe db compact` uses SHUTDOWN COMPACT, which rewrites into a new file and is not affected.
      String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=" + Integer.getInteger("kabambe.h2.write.delay.ms", 2_000)
          + ";CACHE_SIZE=4096;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0;MAX_COMPACT_TIME=0"
          + ("on".equals(System.getProperty("kabambe.h2.compress")) ? ";COMPRESS=TRUE" : "")
          + (create ? "" : ";IFEXISTS=TRUE");
      return start(location, file, url);
    } catch (RuntimeException e) {
      OPEN_FILES.remove(file);
      throw e;
    }
  }

  private static Database startPostgres(PostgresUrl url, boolean existing, int poolSize) {
    var pool = PostgresDatabase.pool(url, existing, poolSize);
    // No anchor, store, journal or OPEN_FILES entry: the server owns the data, and a commit that returned (with
    // synchronous_commit on, checked at open) is durable, so flush() has nothing to do.
    var db = new Database(url.redacted(), Dialect.POSTGRESQL, null, pool, pool::close, null, null);
    db.postgresUrl = url;
    db.migrate();
    return db;
  }

  private static Database start(String location, Path file, String url) {
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "kabambe", "");
    pool.setMaxConnections(16);
    Connection anchor;
    try {
      anchor = pool.getConnection();
    } catch (SQLException e) {
      pool.dispose();
      throw H2OpenFailures.openFailure(location, file, e);
    }
    MVStore store = null;
    if (file != null) {
      try {
        store = ((SessionLocal) anchor.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
      } catch (SQLException | ClassCastException e) {
        closeQuietly(anchor);
        pool.dispose();
        throw new StoreException("cannot open database " + location + ": no access to H2's store (" + e + ")", e);
      }
    }
    var db = new Database(location, Dialect.H2, file, pool, pool::dispose, anchor, store);
    try {
      if (file != null) {
        JournalReplay.requireNotBehind(db, file, journalDir(file));
      }
      db.migrate();
      if (file != null) {
        JournalReplay.run(db, journalDir(file));
      }
      db.flush();
    } catch (RuntimeException e) {
      db.close();
      // A file that opened may still fail on its first read of a damaged page.
      if (file != null && !(e instanceof DamagedFileException) && H2OpenFailures.damaged(e)) {
        throw H2OpenFailures.damagedOnRead(location, file, e);
      }
      throw e;
    }
    return db;
  }

  private void migrate() {
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations(Migrations.locations(dialect))
          .load()
          .migrate();
    } catch (FlywayException e) {
      close();
      throw new StoreException("cannot migrate database " + location + " to the current schema: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // failing anyway
    }
  }

  /**
   * A pooled connection in auto-commit mode; close it to return it to the pool. A commit on it reaches the file
   * within about half a second, or at the next {@link #flush}: call that before acknowledging anything that must
   * survive a kill of the process (the group-commit writer does, for every batch). On PostgreSQL a commit is
   * durable when it returns, and while the server cannot be reached this fails at once (see
   * {@link ConnectionBreaker}) instead of waiting out the pool's timeout.
   */
  public Connection connection() throws SQLException {
    if (closed) {
      throw new SQLException("database " + location + " is closed");
    }
    if (store != null && store.isClosed()) {
      // H2 closes its store for good when a write to the file fails (a full disk); a new connection would open the
      // file again behind our back, without the batches only the journal holds, and number new ones over them.
      throw new SQLException("database " + location + " stopped writing its file " + file + ".mv.db after a failed "
          + "write (a full disk?); free space there and restart the server, which replays the journal", "08006");
    }
    return breaker == null ? pool.getConnection() : breaker.connect(pool::getConnection);
  }

  /**
   * PostgreSQL only: a new connection outside the pool, the caller's to close. Its session lasts as long as the
   * connection (advisory locks held on it are released when it closes or dies), which a pooled one cannot promise.
   */
  public Connection dedicatedConnection() throws SQLException {
    if (postgresUrl == null) {
      throw new SQLException("database " + location + " is not PostgreSQL: no dedicated connections");
    }
    if (closed) {
      throw new SQLException("database " + location + " is closed");
    }
    return PostgresDatabase.dedicated(postgresUrl);
  }

  /**
   * Returns once every transaction committed before the call is in the file, so that it survives a kill of the
   * process (not a power cut: nothing is fsynced). A no-op in memory and on PostgreSQL. Blocking: call it on the
   * writer thread or a worker, with no transaction of the caller's open.
   *
   * <p>Why this is enough, in H2 2.3.232 terms: a committed transaction is in the store's maps in memory; the
   * store writes a snapshot of all maps (a new chunk) in a "store operation", which either the background thread
   * (every WRITE_DELAY) or {@link MVStore#commit()} starts under the store lock, and whose serialisation and file
   * write run on two single-thread executors, FIFO. {@code commit()} waits for the lock, so any background store
   * operation already started has handed its work to the executors; then if our changes are still unsaved it stores
   * them and waits for that write (a synchronous store). But if a background store operation took our changes
   * first, {@code commit()} finds nothing unsaved and returns while that chunk may still be in the executors:
   * that is the window in which a plain {@code CHECKPOINT} returns early. {@link MVStore#executeFilestoreOperation}
   * closes it: under the store lock it waits for both executors to drain, so every chunk whose version includes our
   * commit has been written to the file (FileChannel.write: in the OS, which outlives the process) when it returns.
   */
  public void flush() {
    if (store == null) {
      return;
    }
    // H2 waits for its executors with Future.get() and ignores an interrupt, returning early: refuse one up front.
    // (Nothing interrupts the writer thread; an interrupt arriving during the wait would go unnoticed.)
    if (Thread.currentThread().isInterrupted()) {
      throw new StoreException("interrupted before writing database " + location + " to its file");
    }
    try {
      store.commit();
      store.executeFilestoreOperation(() -> {});
    } catch (RuntimeException e) {
      throw new StoreException("could not write database " + location + " to its file: " + e.getMessage(), e);
    }
  }

  /**
   * {@link #flush()}, then forces the file to the disk (fsync), so that what it holds survives a power cut too.
   * Blocking, as flush() is; a no-op in memory and on PostgreSQL.
   */
  void flushToDisk() {
    flush();
    if (store == null) return;
    try {
      store.sync();
    } catch (RuntimeException e) {
      throw new StoreException("could not force database " + location + " to the disk: " + e.getMessage(), e);
    }
  }

  /** How many writes H2 has made to the file since it opened (0 in memory and on PostgreSQL). */
  long fileWrites() {
    return store == null ? 0 : store.getFileStore().getWriteCount();
  }

  /**
   * The group-commit writer's journal folder beside the file ({@code data/kabambe.journal}); empty in memory,
   * where nothing survives the process anyway. Refuses a second writer while one holds it.
   */
  Optional<Path> takeJournal() {
    if (file == null) return Optional.empty();
    if (!journalTaken.compareAndSet(false, true)) {
      throw new StoreException("database " + location + " already has a writer");
    }
    return Optional.of(journalDir(file));
  }

  /** The H2 file's path without its {@code .mv.db} suffix; empty in memory and on PostgreSQL. */
  Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  static Path journalDir(Path file) {
    return file.resolveSibling(file.getFileName() + ".journal");
  }

  void releaseJournal() {
    journalTaken.set(false);
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The H2 file of a file database ({@code data/kabambe.mv.db}); empty in memory and on PostgreSQL. */
  public Optional<Path> h2File() {
    return Optional.ofNullable(file).map(f -> f.resolveSibling(f.getFileName() + ".mv.db"));
  }

  /** What the writers whose transactions must reach the file whole run them in ({@link H2StoreGuard#NONE} but on H2 files). */
  public H2StoreGuard storeGuard() {
    return storeGuard;
  }

  /** H2's store under a file database (null in memory and on PostgreSQL), for {@link H2Backup}. */
  MVStore mvStore() {
    return store;
  }

  /** The H2 file's size, live data and compaction cost, for {@code /metrics}; empty in memory and on PostgreSQL. */
  public Optional<CompactionFigures> compactionFigures() {
    return store == null ? Optional.empty() : Optional.of(compaction);
  }

  /** Held while the H2 file is copied ({@link H2Backup}) or its chunks moved ({@link H2Compactor}): never both. */
  Lock fileMaintenance() {
    return fileMaintenance;
  }

  /** {@code location} as messages show it: a PostgreSQL URL without its password, anything else as given. */
  public static String shown(String location) {
    return PostgresUrl.redact(location);
  }

  /** The location as given to {@link #open} (a PostgreSQL URL without its password), for messages. */
  public String location() {
    return location;
  }

  /** Closes the database; connections still lent out stop working. Close the writer first. */
  @Override
  public void close() {
    close("SHUTDOWN");
  }

  /**
   * Closes an H2 database with {@code SHUTDOWN COMPACT}: every live page rewritten to the start of the file and the
   * file truncated (minutes for gigabytes; nothing else may use the file meanwhile). For a stopped server's
   * {@code kabambe db compact}; in memory and on PostgreSQL the same as {@link #close}.
   */
  public void closeCompacted() {
    close("SHUTDOWN COMPACT");
  }

  private void close(String shutdown) {
    if (closed) {
      return;
    }
    closed = true;
    if (anchor == null) {
      disposePool.run();
      return;
    }
    try (var statement = anchor.createStatement()) {
      statement.execute(store == null ? "SHUTDOWN" : shutdown);
    } catch (SQLException e) {
      // Already closed underneath us: nothing left to flush.
    } finally {
      disposePool.run();
      if (file != null) {
        OPEN_FILES.remove(file);
      }
    }
  }
}
