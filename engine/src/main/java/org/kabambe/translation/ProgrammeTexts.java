package org.kabambe.translation;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.catalog.Catalog;
import org.kabambe.diag.SourcePos;
import org.kabambe.flow.Action;
import org.kabambe.flow.Flow;
import org.kabambe.flow.Node;
import org.kabambe.flow.Text;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.flow.parse.NavigationFileParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Every translatable text of a loaded programme, in a stable order (flows by file, nodes as written, then
 * campaigns, then navigation words). Texts written once for every language (a plain string) are not
 * translatable: the author chose one text for all. The engine's own words (STOP/JOIN confirmations, HELP) live
 * in the engine, not in the flows, so they are not here.
 */
public final class ProgrammeTexts {
  private ProgrammeTexts() {}

  public static List<TranslatableText> of(Catalog catalog, Optional<Path> navigationFile) {
    List<TranslatableText> out = new ArrayList<>();
    catalog.flows().values().stream().sorted(Comparator.comparing(Flow::file)).forEach(f -> flow(f, out));
    catalog.campaigns().values().stream()
        .sorted(Comparator.comparing(c -> c.pos().file())).forEach(c -> campaign(c, out));
    navigationFile.ifPresent(p -> navigation(p, defaultLanguage(catalog), out));
    return out;
  }

  /** The navigation file of a flows folder, when it has one. */
  public static Optional<Path> navigationFile(Path flowsDir) {
    for (String name : List.of("navigation.yaml", "navigation.yml")) {
      if (Files.isRegularFile(flowsDir.resolve(name))) return Optional.of(flowsDir.resolve(name));
    }
    return Optional.empty();
  }

  private static void flow(Flow flow, List<TranslatableText> out) {
    var sink = new Sink(flow, out);
    for (Node node : flow.nodes().values()) {
      String at = flow.id() + "/" + node.id() + "/";
      if (node instanceof Node.Menu m) {
        sink.add(at + "text", m.text(), new TextBudget.UssdScreen("screen", 0, false));
        for (int i = 0; i < m.options().size(); i++) {
          String number = (i + 1) + ". ";
          sink.add(at + "label/" + (i + 1), m.options().get(i).label(),
              new TextBudget.UssdScreen("option line", number.length(), true));
        }
        m.invalid().ifPresent(t -> sink.add(at + "invalid", t, new TextBudget.UssdScreen("screen", 0, false)));
      } else if (node instanceof Node.Ask a) {
        sink.add(at + "text", a.text(), new TextBudget.UssdScreen("screen", 0, true));
        a.invalid().ifPresent(t -> sink.add(at + "invalid", t, new TextBudget.UssdScreen("screen", 0, false)));
      } else if (node instanceof Node.Say s) {
        sink.add(at + "text", s.text(), new TextBudget.UssdScreen("screen", 0, false));
      } else if (node instanceof Node.End e) {
        sink.add(at + "text", e.text(), new TextBudget.UssdScreen("screen", 0, false));
        sms(at, e.actions(), sink);
      } else if (node instanceof Node.Do d) {
        sms(at, d.actions(), sink);
      }
    }
  }

  private static void sms(String at, List<Action> actions, Sink sink) {
    int n = 0;
    for (Action a : actions) {
      if (a instanceof Action.SendSms s) sink.add(at + "sms/" + ++n, s.text(), new TextBudget.Sms(sink.flow.smsSegmentLimit()));
    }
  }

  /** Adds texts of one flow, leaving out those written once for every language. */
  private record Sink(Flow flow, List<TranslatableText> out) {
    void add(String key, Text text, TextBudget budget) {
      if (text.isUniversal() || !text.byLanguage().containsKey(flow.defaultLanguage())) return;
      out.add(new TranslatableText(key, flow.id(), text.pos(), flow.defaultLanguage(), raw(text), budget,
          flow.translationFallback()));
    }
  }

  private static void campaign(Campaign c, List<TranslatableText> out) {
    if (c.languages().isEmpty()) return;
    String source = c.languages().get(0);
    for (CampaignMessage m : c.messages()) {
      m.text().filter(t -> !t.isUniversal() && t.byLanguage().containsKey(source)).ifPresent(t -> out.add(
          new TranslatableText("campaign:" + c.id() + "/" + m.key(), "campaign:" + c.id(), t.pos(), source, raw(t),
              new TextBudget.Sms(Flow.DEFAULT_SMS_SEGMENT_LIMIT), false)));
    }
  }

  private static Map<String, String> raw(Text text) {
    Map<String, String> raw = new LinkedHashMap<>();
    text.byLanguage().forEach((language, template) -> raw.put(language, template.raw()));
    return raw;
  }

  /** The navigation words, read with their positions (the loader keeps only the words). */
  private static void navigation(Path file, String source, List<TranslatableText> out) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      var root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
      if (!(root instanceof MappingNode top)) return;
      for (NodeTuple t : top.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("navigation")
            && t.getValueNode() instanceof MappingNode nav)) continue;
        for (NodeTuple word : nav.getValue()) {
          String name = ((ScalarNode) word.getKeyNode()).getValue();
          if (!(word.getValueNode() instanceof MappingNode byLanguage)) continue;
          Map<String, String> words = new LinkedHashMap<>();
          for (NodeTuple w : byLanguage.getValue()) {
            if (w.getValueNode() instanceof ScalarNode v) words.put(((ScalarNode) w.getKeyNode()).getValue(), v.getValue());
          }
          var mark = byLanguage.getStartMark();
          if (words.containsKey(source)) {
            out.add(new TranslatableText("navigation:" + name, "navigation",
                new SourcePos(file.toString(), mark.getLine() + 1, mark.getColumn() + 1), source, words,
                new TextBudget.Word(NavigationFileParser.MAX_WORD_LENGTH), false));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the loader has already read and reported this file; without it there are no navigation words to export
    }
  }

  /** The programme's main language: the default language most flows share (the first flow's on a tie). */
  static String defaultLanguage(Catalog catalog) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    catalog.flows().values().stream().sorted(Comparator.comparing(Flow::file))
        .forEach(f -> votes.merge(f.defaultLanguage(), 1, Integer::sum));
    return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("en");
  }
}
