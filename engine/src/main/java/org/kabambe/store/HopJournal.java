package org.kabambe.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit writer's journal: each committed batch appended as one record to a segment file before its
 * hops are acknowledged, so a batch is durable (survives a kill of the process, as a file write does; not a power
 * cut: nothing is fsynced) without waiting for H2 to write its pages. H2 writes them in its own time; a checkpoint
 * ({@link Database#flush} on another thread) then makes whole segments redundant and they are deleted. On start-up
 * the batches a kill left only in the journal are replayed ({@link JournalReplay}).
 *
 * <p>Why: flushing H2's store after every batch rewrote every B-tree page the batch touched (a conversation row
 * per hop, each on its own page) ~200 times a second; the reply waited for that, and the file grew with it. An
 * append of the batch's rows is a few kilobytes, sequential, and off H2's locks.
 *
 * <p>Record: int payload length, int CRC-32 of seq and payload, long seq, payload ({@link HopWriteCodec}). A record
 * cut short by a kill, or one whose CRC does not match, ends its segment: it was never acknowledged.
 * Used by the writer thread only (plus {@link #delete} from the checkpoint thread on segments already closed).
 */
final class HopJournal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HopJournal.class);
  private static final String SUFFIX = ".hops";
  private static final String CHECKPOINTED = "checkpointed-seq";
  private static final int HEADER = 4 + 4 + 8;
  /** A payload this long is corruption, not a batch (a batch of 256 hops is ~100 KB). */
  private static final int MAX_PAYLOAD = 256 << 20;

  /** A batch read back: its sequence number and hops. */
  record Batch(long seq, byte[] payload) {}

  private final Path dir;
  private Path segment;
  private FileChannel channel;
  private long segmentBytes;

  private HopJournal(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating) the journal folder; call {@link #readAll} before the first {@link #append}. */
  static HopJournal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new HopJournal(dir);
  }

  /** Every intact record of every segment, oldest first. */
  List<Batch> readAll() throws IOException {
    var batches = new ArrayList<Batch>();
    for (Path p : segments()) {
      read(p, batches);
    }
    return batches;
  }

  private static void read(Path p, List<Batch> into) throws IOException {
    byte[] all = Files.readAllBytes(p);
    ByteBuffer buf = ByteBuffer.wrap(all);
    while (buf.remaining() >= HEADER) {
      int length = buf.getInt();
      int crc = buf.getInt();
      long seq = buf.getLong();
      if (length < 0 || length > MAX_PAYLOAD || length > buf.remaining()) {
        logCut(p, buf.position() - HEADER, all.length);
        return;
      }
      byte[] payload = new byte[length];
      buf.get(payload);
      if (crc(seq, payload) != crc) {
        logCut(p, buf.position() - HEADER - length, all.length);
        return;
      }
      into.add(new Batch(seq, payload));
    }
    if (buf.hasRemaining()) logCut(p, buf.position(), all.length);
  }

  private static void logCut(Path p, int at, int size) {
    // Expected once after a kill (the record being written); never acknowledged, so nothing is lost.
    log.info("journal {} ends in a partial record at byte {} of {}: ignored (it was never acknowledged)",
        p.getFileName(), at, size);
  }

  /** Appends one committed batch; returns when the bytes are in the OS (they outlive the process). */
  void append(long seq, byte[] payload) throws IOException {
    if (channel == null) {
      segment = dir.resolve(String.format("%020d", seq) + SUFFIX);
      channel = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      segmentBytes = 0;
    }
    ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length);
    buf.putInt(payload.length).putInt(crc(seq, payload)).putLong(seq).put(payload).flip();
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } catch (IOException | RuntimeException e) {
      abandonSegment();
      throw e;
    }
    segmentBytes += HEADER + payload.length;
  }

  /**
   * After a failed append (a full disk): the segment may end in part of a record, which ends the segment for
   * {@link #read}, so nothing may follow it there. Cuts the part off if it can, and closes the segment either way:
   * the next append starts a new one, whose records replay reads.
   */
  private void abandonSegment() {
    try {
      channel.truncate(segmentBytes);
    } catch (IOException | RuntimeException ignored) {
      // the partial record stays, at the end of a closed segment: read() stops there, as after a kill
    }
    try {
      closeSegment();
    } catch (IOException ignored) {
      // the channel is released either way
    } finally {
      channel = null;
      segment = null;
      segmentBytes = 0;
    }
  }

  /** Bytes in the segment being written (0 when none is open). */
  long segmentBytes() {
    return segmentBytes;
  }

  /**
   * Closes the segment being written (the next append starts a new one) and returns every closed segment: once
   * the database has everything committed so far in its file, they may be {@link #delete}d.
   */
  List<Path> rotate() throws IOException {
    closeSegment();
    return segments();
  }

  /** Deletes segments whose batches are all in the database file. */
  static void delete(List<Path> segments) throws IOException {
    for (Path p : segments) {
      Files.deleteIfExists(p);
    }
  }

  /**
   * Notes that the database file holds every batch up to {@code seq} (after a flush): a file found holding fewer
   * at the next open was cut short or replaced by an older copy, which H2 may open without a word (it falls back
   * to the last chunk it can read). Written whole or not at all.
   */
  void markCheckpointed(long seq) throws IOException {
    Path tmp = dir.resolve(CHECKPOINTED + ".tmp");
    Files.writeString(tmp, seq + "\n");
    Files.move(tmp, dir.resolve(CHECKPOINTED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The last {@link #markCheckpointed} batch of the journal in {@code dir}, or -1 if none is recorded. */
  static long checkpointed(Path dir) throws IOException {
    Path p = checkpointedFile(dir);
    if (!Files.exists(p)) return -1;
    try {
      return Long.parseLong(Files.readString(p).strip());
    } catch (NumberFormatException e) {
      log.warn("{} does not hold a batch number; ignored", p);
      return -1;
    }
  }

  /** Where {@link #markCheckpointed} keeps its number. */
  static Path checkpointedFile(Path dir) {
    return dir.resolve(CHECKPOINTED);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
          .filter(p -> !p.equals(segment)) // the one being written, if any
          .sorted()
          .toList();
    }
  }

  private void closeSegment() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
      segment = null;
      segmentBytes = 0;
    }
  }

  private static int crc(long seq, byte[] payload) {
    var crc = new CRC32();
    crc.update(ByteBuffer.allocate(8).putLong(0, seq));
    crc.update(payload);
    return (int) crc.getValue();
  }

  @Override
  public void close() throws IOException {
    closeSegment();
  }
}
