package org.kabambe.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.kabambe.catalog.Catalog;
import org.kabambe.flow.Flow;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.settings.GlobalKeywords;

/** What the engine itself says over SMS: STOP and JOIN confirmations, help, reminders — per language. */
final class SystemTexts {
  private SystemTexts() {}

  static String stopped(String lang, Catalog catalog) {
    String join = word(catalog, GlobalKeywords.Purpose.JOIN, lang);
    return switch (lang) {
      case "fr" -> "Vous ne recevrez plus de messages. Envoyez " + join + " pour revenir.";
      case "sw" -> "Hutapokea ujumbe zaidi. Tuma " + join + " kurudi.";
      default -> "You will get no more messages. Send " + join + " to come back.";
    };
  }

  static String joined(String lang, Catalog catalog) {
    String stop = word(catalog, GlobalKeywords.Purpose.STOP, lang);
    return switch (lang) {
      case "fr" -> "Bienvenue ! Envoyez " + stop + " à tout moment pour arrêter.";
      case "sw" -> "Karibu! Tuma " + stop + " wakati wowote kuacha.";
      default -> "Welcome! Send " + stop + " at any time to stop.";
    };
  }

  static String subscribed(String lang, Campaign c, Catalog catalog) {
    String leave = c.leaveKeyword(lang).map(SystemTexts::upper)
        .orElseGet(() -> word(catalog, GlobalKeywords.Purpose.STOP, lang));
    return switch (lang) {
      case "fr" -> "Inscription faite : " + c.title() + ". Envoyez " + leave + " pour arrêter.";
      case "sw" -> "Umejiunga: " + c.title() + ". Tuma " + leave + " kuacha.";
      default -> "You are subscribed: " + c.title() + ". Send " + leave + " to stop.";
    };
  }

  static String unsubscribed(String lang, Campaign c) {
    return switch (lang) {
      case "fr" -> "Vous ne recevrez plus : " + c.title() + ".";
      case "sw" -> "Hutapokea tena ujumbe wa: " + c.title() + ".";
      default -> "You will get no more messages from: " + c.title() + ".";
    };
  }

  /**
   * The keywords people can send: each flow's first, then each campaign's join keyword in the reader's language,
   * then how to stop. Never silence for an unknown word.
   */
  static String help(String lang, Catalog catalog) {
    List<String> offers = new ArrayList<>();
    for (Flow f : catalog.flows().values()) {
      if (!f.triggers().keywords().isEmpty()) {
        offers.add(upper(f.triggers().keywords().get(0).value()) + ": " + f.title());
      }
    }
    for (Object o : new TreeMap<>(catalog.campaigns()).values()) { // in id order
      if (o instanceof Campaign c) {
        c.joinKeyword(lang).ifPresent(k -> offers.add(upper(k) + ": " + c.title()));
      }
    }
    String stop = word(catalog, GlobalKeywords.Purpose.STOP, lang);
    String lead = switch (lang) {
      case "fr" -> "Envoyez un mot-clé : ";
      case "sw" -> "Tuma neno: ";
      default -> "Send a keyword: ";
    };
    String tail = switch (lang) {
      case "fr" -> ". " + stop + " pour arrêter.";
      case "sw" -> ". " + stop + " kuacha.";
      default -> ". " + stop + " to stop.";
    };
    return lead + String.join("; ", offers) + tail;
  }

  static String reminder(String lang) {
    return switch (lang) {
      case "fr" -> "Rappel : nous attendons votre réponse.";
      case "sw" -> "Kumbusho: tunasubiri jibu lako.";
      default -> "Reminder: we are waiting for your reply.";
    };
  }

  private static String upper(String word) {
    return word.toUpperCase(Locale.ROOT);
  }

  /** The first keyword for a purpose in the language (else English, else any), upper-cased for reading. */
  private static String word(Catalog catalog, GlobalKeywords.Purpose purpose, String lang) {
    var byLang = catalog.keywords().words().getOrDefault(purpose, Map.of());
    List<String> words = byLang.getOrDefault(lang, byLang.getOrDefault("en", List.of()));
    if (words.isEmpty()) words = byLang.values().stream().flatMap(List::stream).toList();
    return words.isEmpty() ? purpose.name() : words.get(0).toUpperCase(Locale.ROOT);
  }
}
