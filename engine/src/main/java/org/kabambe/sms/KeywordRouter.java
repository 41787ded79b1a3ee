package org.kabambe.sms;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.flow.Catalog;
import org.kabambe.flow.Flow;
import org.kabambe.flow.program.GlobalKeywords;
import org.kabambe.runtime.Conversation;
import org.kabambe.text.WordFolding;

/**
 * Routes an inbound SMS: global keywords first (case-, accent- and punctuation-insensitive, first word), then
 * flow keywords, then a conversation waiting for a reply, then the help fallback.
 */
final class KeywordRouter {
  private KeywordRouter() {}

  static InboundRoute route(String text, Catalog catalog, Optional<Conversation> waiting) {
    String word = WordFolding.firstWord(text);
    if (!word.isEmpty()) {
      for (Map.Entry<GlobalKeywords.Purpose, Map<String, List<String>>> purpose : catalog.keywords().words().entrySet()) {
        for (Map.Entry<String, List<String>> lang : purpose.getValue().entrySet()) {
          for (String w : lang.getValue()) {
            if (WordFolding.fold(w).equals(word)) return new InboundRoute.Global(purpose.getKey(), lang.getKey());
          }
        }
      }
      for (Flow f : catalog.flows().values()) {
        for (var k : f.triggers().keywords()) {
          if (WordFolding.fold(k.value()).equals(word)) return new InboundRoute.StartFlow(f);
        }
      }
    }
    if (waiting.isPresent() && !waiting.get().ended()) return new InboundRoute.Reply();
    return new InboundRoute.Unrecognised();
  }
}
