package org.kabambe.flow.settings;

import java.util.List;
import java.util.Map;

/**
 * Words that work from anywhere over SMS, per purpose and language (STOP, HELP, JOIN…), from the defaults or
 * {@code flows/keywords.yaml}. Words are stored folded (see {@code WordFolding}).
 */
public record GlobalKeywords(Map<Purpose, Map<String, List<String>>> words) {
  public enum Purpose { STOP, HELP, JOIN }

  public GlobalKeywords {
    words = Map.copyOf(words);
  }

  public static final GlobalKeywords DEFAULTS = new GlobalKeywords(Map.of(
      Purpose.STOP, Map.of(
          "en", List.of("stop", "unsubscribe", "cancel", "end", "quit"),
          "fr", List.of("arret", "arreter", "stop", "desabonner"),
          "sw", List.of("acha", "simama", "stop")),
      Purpose.HELP, Map.of(
          "en", List.of("help", "info"),
          "fr", List.of("aide", "info"),
          "sw", List.of("msaada", "saidia")),
      Purpose.JOIN, Map.of(
          "en", List.of("start", "join", "subscribe"),
          "fr", List.of("debut", "inscrire", "rejoindre"),
          "sw", List.of("anza", "jiunge"))));
}
