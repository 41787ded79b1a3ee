package org.kabambe.conversation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.runtime.Frame;
import org.kabambe.runtime.Prompt;

/** Conversations as the interpreter makes them, for codec and store tests. */
public final class SampleConversations {
  private SampleConversations() {}

  /** A conversation a few screens into a registration flow. */
  public static Conversation typical(String phone) {
    var answers = Map.<String, Object>of("name", "Chikondi", "age", 27.0, "due_date", LocalDate.of(2025, 3, 14),
        "symptoms", List.of("fever", "cough"), "consent", true);
    var frame = new Frame("register", "a1b2c3d4", "ask_district", answers, Map.of("visits", 3L));
    var earlier = new Frame("register", "a1b2c3d4", "ask_age", Map.of("name", "Chikondi"), Map.of());
    var prompt = new Prompt(List.of("Thank you!"), "Which district do you live in?",
        List.of(new Prompt.Option(1, "Lilongwe"), new Prompt.Option(2, "Blantyre"), new Prompt.Option(3, "Zomba")),
        false, true);
    return new Conversation(phone, Channel.USSD, "ny", List.of(frame), 0, 0, -1, prompt, List.of(0, 1, 2),
        Map.of("district", "Zomba", "joined", LocalDate.of(2024, 11, 2)), Map.of("register/split", 1),
        List.of(List.of(earlier)), false, Instant.parse("2025-01-02T08:00:00Z"),
        Instant.parse("2025-01-02T08:01:30.123456789Z"));
  }

  /** Unicode everywhere, a nested webhook response with JSON nulls, and a long history. */
  public static Conversation awkward(String phone) {
    var inner = new LinkedHashMap<String, Object>();
    inner.put("status", "ok");
    inner.put("missing", null);
    inner.put("counts", Arrays.asList(1, 2L, 3.5, null, "x"));
    inner.put("deep", Map.of("a", Map.of("b", List.of(Map.of("c", false)))));
    var webhook = new HashMap<String, Object>();
    webhook.put("response", inner);
    webhook.put("emoji", "🙂👍🏾 नमस्ते — Moni, muli bwanji? 你好");
    var history = new ArrayList<List<Frame>>();
    for (int i = 0; i < 50; i++) {
      history.add(List.of(new Frame("f" + i, "h" + i, "n" + i, Map.of("k", (double) i), Map.of())));
    }
    var frames = List.of(new Frame("main", "hash", "menu", Map.of(), Map.of()),
        new Frame("called", "hash2", "ask_é", Map.of("ünïcode", "ƒ😀"), webhook));
    var prompt = new Prompt(List.of(), "", List.of(), true, false);
    return new Conversation(phone, Channel.SMS, "sw", frames, 3, 2, 4, prompt, List.of(),
        Map.of("nested", Map.of("list", List.of(List.of(), Map.of()))), Map.of(), history, true,
        Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("2100-01-01T00:00:00Z"));
  }

  /**
   * A participant {@code steps} questions into a survey: each earlier step's whole stack is in the Back history,
   * so the flow id, hash, node ids and answers recur as they do in a real conversation.
   */
  public static Conversation survey(String phone, int steps) {
    String hash = "9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f";
    var history = new ArrayList<List<Frame>>();
    var answers = new LinkedHashMap<String, Object>();
    for (int i = 0; i < steps; i++) {
      history.add(List.of(new Frame("vaccine-confidence", hash, "q" + i, Map.copyOf(answers), Map.of())));
      answers.put("q" + i, i % 3 == 0 ? "yes" : i % 3 == 1 ? "no" : (Object) Long.valueOf(20 + i));
    }
    var stack = List.of(new Frame("vaccine-confidence", hash, "q" + steps, Map.copyOf(answers), Map.of()));
    var prompt = new Prompt(List.of(), "Do you trust the clinic?",
        List.of(new Prompt.Option(1, "Yes"), new Prompt.Option(2, "No")), false, true);
    return new Conversation(phone, Channel.USSD, "en", stack, 0, 0, -1, prompt, List.of(0, 1),
        Map.of("district", "Zomba"), Map.of("split", 1), history, false, Instant.parse("2026-03-01T08:00:00Z"),
        Instant.parse("2026-03-01T08:02:00Z"));
  }
}
