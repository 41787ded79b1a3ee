package org.kabambe.api;

import static org.kabambe.api.Answers.error;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kabambe.store.Database;
import org.kabambe.store.H2Backup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/db/backup} (admin): an online backup of the server's H2 file ({@link H2Backup}), written beside
 * the database, sent as the response body ({@code application/zip}) and deleted. The caller keeps the file where it
 * likes ({@code kabambe db backup --url}); the API never writes to a path a caller names. One backup at a time;
 * audited. On PostgreSQL (or in memory) it refuses with the reason (409).
 */
final class BackupRoute {
  private static final Logger log = LoggerFactory.getLogger(BackupRoute.class);
  /** The response header that says when the backup began: every hop acknowledged before it is in the file. */
  static final String STARTED_HEADER = "Kabambe-Backup-Started";

  private final Database database;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile WorkerExecutor worker;

  BackupRoute(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  void mount(ApiRouter api) {
    api.answering(HttpMethod.POST, "/api/db/backup", Role.ADMIN, this::handle);
  }

  private void handle(RoutingContext ctx, Caller caller) {
    var refused = H2Backup.refusal(database);
    if (refused.isPresent()) {
      error(ctx, 409, "not_supported", refused.get());
      return;
    }
    if (!running.compareAndSet(false, true)) {
      error(ctx, 409, "busy", "a backup is being taken already; ask again when it has ended");
      return;
    }
    Instant started = clock.instant();
    Path dir = database.h2File().orElseThrow().getParent();
    // Copying a large file takes longer than Vert.x's worker warning (60 s): its own worker, allowed 6 hours.
    worker(ctx).executeBlocking(() -> {
      Path zip = dir.resolve(database.h2File().orElseThrow().getFileName() + ".backup-" + started.toEpochMilli()
          + ".zip");
      long bytes = H2Backup.write(database, zip);
      try (var c = database.connection()) {
        Audit.record(c, clock.instant(), "token:" + caller.name(), "db.backup", "database", bytes + " bytes");
      }
      return zip;
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        running.set(false);
        log.warn("backup of {} failed", database.location(), ar.cause());
        error(ctx, 500, "internal", "the backup failed: " + ar.cause().getMessage());
        return;
      }
      Path zip = ar.result();
      log.info("token '{}' took a backup of {} ({} bytes)", caller.name(), database.location(), size(zip));
      ctx.response().putHeader("content-type", "application/zip")
          .putHeader("content-disposition", "attachment; filename=\"kabambe-backup-" + started.toEpochMilli()
              + ".zip\"")
          .putHeader(STARTED_HEADER, started.toString())
          .sendFile(zip.toString())
          .onComplete(sent -> ctx.vertx().executeBlocking(() -> Files.deleteIfExists(zip), false)
              .onComplete(deleted -> running.set(false)));
    });
  }

  private WorkerExecutor worker(RoutingContext ctx) {
    if (worker == null) {
      synchronized (this) {
        if (worker == null) {
          worker = ctx.vertx().createSharedWorkerExecutor("kabambe-backup", 1, 6, TimeUnit.HOURS);
        }
      }
    }
    return worker;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
