package org.kabambe.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Writes to a chunked response from a worker thread, waiting while the client is slower than the database. */
final class ResponseStream extends OutputStream {
  private final HttpServerResponse response;
  private final byte[] buffer = new byte[32 * 1024];
  private int used;

  ResponseStream(HttpServerResponse response) {
    this.response = response;
  }

  @Override
  public void write(int b) throws IOException {
    if (used == buffer.length) flush();
    buffer[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (used == buffer.length) flush();
      int n = Math.min(len, buffer.length - used);
      System.arraycopy(b, off, buffer, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (used == 0) return;
    if (response.closed()) throw new IOException("the client went away");
    response.write(Buffer.buffer(Arrays.copyOf(buffer, used)));
    used = 0;
    if (response.writeQueueFull()) {
      var drained = new CountDownLatch(1);
      response.drainHandler(v -> drained.countDown());
      try {
        while (response.writeQueueFull() && !response.closed()) {
          if (drained.await(1, TimeUnit.SECONDS)) break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the client was slow", e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
