package org.kabambe.bench;

import java.util.concurrent.TimeUnit;
import org.kabambe.runtime.Conversation;
import org.kabambe.conversation.ConversationCodec;
import org.kabambe.conversation.SampleConversations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding a typical conversation for its row and decoding it back: done on every hop (on the event loop), so it
 * must stay a few microseconds. {@code scripts/bench-engine ConversationCodecBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConversationCodecBench {
  private final Conversation typical = SampleConversations.typical("+265991234567");
  private final byte[] encoded = ConversationCodec.encode(typical);

  @Benchmark
  public byte[] encode() {
    return ConversationCodec.encode(typical);
  }

  @Benchmark
  public Conversation decode() {
    return ConversationCodec.decode(encoded);
  }
}
