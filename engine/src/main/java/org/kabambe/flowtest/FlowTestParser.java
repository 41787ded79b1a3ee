package org.kabambe.flowtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.yaml.SafeYamlReader;
import org.kabambe.flow.yaml.YamlDocument;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;
import org.kabambe.runtime.Channel;

/** Reads a flow test file (format in flows/README.md) with the same safe, positioned YAML reader as flows. */
public final class FlowTestParser {
  private static final Set<String> TOP = Set.of("test", "flow", "channel", "phone", "contact", "steps");
  private static final Set<String> STEP = Set.of("dial", "send", "expect", "expect_screen", "expect_not",
      "expect_node", "expect_end", "expect_answers", "expect_sms");
  /** From the reserved fictional range (Ofcom's drama numbers), so tests never name a real person. */
  public static final String DEFAULT_PHONE = "+447700900000";

  private FlowTestParser() {}

  public static Optional<FlowTest> parse(String file, byte[] bytes, Diagnostics diagnostics) {
    Optional<YamlDocument> doc = SafeYamlReader.read(file, bytes, diagnostics);
    if (doc.isEmpty()) return Optional.empty();
    Optional<YamlMap> top = doc.get().root("the test file").map();
    if (top.isEmpty()) return Optional.empty();
    YamlMap m = top.get();
    m.allowOnly(TOP);
    Optional<String> name = m.required("test").flatMap(YamlValue::text);
    Optional<String> flow = m.required("flow").flatMap(YamlValue::text);
    Channel channel = m.optional("channel").flatMap(YamlValue::text).map(c -> {
      if (c.equals("sms")) return Channel.SMS;
      if (!c.equals("ussd")) m.optional("channel").get().error("'channel' should be ussd or sms, not '" + c + "'");
      return Channel.USSD;
    }).orElse(Channel.USSD);
    String phone = m.optional("phone").flatMap(YamlValue::text).orElse(DEFAULT_PHONE);
    Map<String, Object> contact = new LinkedHashMap<>();
    m.optional("contact").flatMap(YamlValue::map).ifPresent(c -> {
      for (YamlEntry e : c.entries()) {
        if (e.value().isList()) {
          contact.put(e.key(), e.value().list().orElse(List.of()).stream()
              .map(v -> v.text().orElse("")).toList());
        } else {
          e.value().text().ifPresent(t -> contact.put(e.key(), t));
        }
      }
    });
    List<TestStep> steps = new ArrayList<>();
    m.required("steps").flatMap(YamlValue::list).ifPresent(items -> {
      for (YamlValue item : items) step(item).ifPresent(steps::add);
    });
    if (diagnostics.hasErrors() || name.isEmpty() || flow.isEmpty()) return Optional.empty();
    return Optional.of(new FlowTest(name.get(), flow.get(), channel, phone, contact, steps, m.pos()));
  }

  private static Optional<TestStep> step(YamlValue item) {
    Optional<YamlMap> map = item.map();
    if (map.isEmpty()) return Optional.empty();
    YamlMap s = map.get();
    s.allowOnly(STEP);
    Optional<YamlValue> dial = s.optional("dial");
    Optional<YamlValue> send = s.optional("send");
    if (dial.isPresent() == send.isPresent()) {
      s.error(item.what() + " needs exactly one of 'dial' (a USSD code) or 'send' (the participant's input)");
      return Optional.empty();
    }
    String input = (dial.isPresent() ? dial.get() : send.get()).text().orElse("");
    Map<String, String> answers = new LinkedHashMap<>();
    s.optional("expect_answers").flatMap(YamlValue::map)
        .ifPresent(a -> a.entries().forEach(e -> e.value().text().ifPresent(t -> answers.put(e.key(), t))));
    return Optional.of(new TestStep(s.pos(), dial.isPresent(), input,
        texts(s.optional("expect")),
        s.optional("expect_screen").flatMap(YamlValue::text),
        texts(s.optional("expect_not")),
        s.optional("expect_node").flatMap(YamlValue::text),
        s.optional("expect_end").flatMap(YamlValue::bool),
        answers,
        texts(s.optional("expect_sms"))));
  }

  /** A text or a list of texts. */
  private static List<String> texts(Optional<YamlValue> v) {
    if (v.isEmpty()) return List.of();
    if (v.get().isList()) return v.get().list().orElse(List.of()).stream().flatMap(i -> i.text().stream()).toList();
    return v.get().text().map(List::of).orElse(List.of());
  }
}
