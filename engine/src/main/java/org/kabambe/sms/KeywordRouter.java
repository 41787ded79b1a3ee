package org.kabambe.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.catalog.Catalog;
import org.kabambe.flow.Flow;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.input.WordFolding;
import org.kabambe.runtime.Conversation;

/**
 * Routes an inbound SMS: global keywords first (case-, accent- and punctuation-insensitive, first word), then
 * campaign join/leave keywords, then flow keywords, then a conversation waiting for a reply, then the help fallback.
 */
final class KeywordRouter {
  private KeywordRouter() {}

  /**
   * {@code languages}: the participant's language first, then the deployment's default: when a word is a keyword
   * in several languages (STOP), the reply comes in the first of these that has it.
   */
  static InboundRoute route(String text, Catalog catalog, Optional<Conversation> waiting, List<String> languages) {
    String word = WordFolding.firstWord(text);
    if (!word.isEmpty()) {
      for (Map.Entry<GlobalKeywords.Purpose, Map<String, List<String>>> purpose : catalog.keywords().words().entrySet()) {
        List<String> matching = new ArrayList<>();
        for (Map.Entry<String, List<String>> lang : purpose.getValue().entrySet()) {
          for (String w : lang.getValue()) {
            if (WordFolding.fold(w).equals(word)) matching.add(lang.getKey());
          }
        }
        if (!matching.isEmpty()) {
          String lang = languages.stream().filter(matching::contains).findFirst()
              .orElse(matching.stream().sorted().findFirst().get());
          return new InboundRoute.Global(purpose.getKey(), lang);
        }
      }
      for (Campaign c : catalog.campaigns().values()) {
        if (c.join().contains(word)) return new InboundRoute.CampaignKeyword(c, true);
        if (c.leave().contains(word)) return new InboundRoute.CampaignKeyword(c, false);
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
