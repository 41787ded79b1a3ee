package org.kabambe.runtime;

/** The few words the engine itself says when a flow gives none, per language (English where none is known). */
public final class RuntimeTexts {
  private RuntimeTexts() {}

  /** Shown above a menu when the reply is not one of its choices and the menu has no {@code invalid} text. */
  public static String invalidChoice(String language) {
    return switch (language) {
      case "fr" -> "Désolé, ce choix n'est pas valide. Réessayez.";
      case "sw" -> "Samahani, chaguo hilo si sahihi. Jaribu tena.";
      case "pt" -> "Desculpe, essa opção não é válida. Tente de novo.";
      default -> "Sorry, that is not one of the choices. Please try again.";
    };
  }

  /** Shown when a flow cannot go on (a broken reference at run time); the session closes politely. */
  public static String unavailable(String language) {
    return switch (language) {
      case "fr" -> "Désolé, ce service est momentanément indisponible. Réessayez plus tard.";
      case "sw" -> "Samahani, huduma hii haipatikani kwa sasa. Jaribu tena baadaye.";
      case "pt" -> "Desculpe, este serviço está indisponível. Tente mais tarde.";
      default -> "Sorry, this service is not available right now. Please try again later.";
    };
  }
}
