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

  /** The reply to a service code no flow answers. */
  public static String unknownCode(String language) {
    return switch (language) {
      case "fr" -> "Désolé, ce code n'est pas en service. Vérifiez-le et recomposez.";
      case "sw" -> "Samahani, namba hii haitumiki. Hakikisha namba na upige tena.";
      case "pt" -> "Desculpe, este codigo nao esta em uso. Verifique e marque de novo.";
      default -> "Sorry, this code is not in use. Please check it and dial again.";
    };
  }

  /** The reply when the service cannot take the hop now (overloaded, or the database failed); nothing was saved. */
  public static String busy(String language) {
    return switch (language) {
      case "fr" -> "Désolé, le service est occupé. Réessayez dans un instant.";
      case "sw" -> "Samahani, huduma ina shughuli nyingi. Jaribu tena baada ya muda mfupi.";
      case "pt" -> "Desculpe, o servico esta ocupado. Tente de novo daqui a pouco.";
      default -> "Sorry, the service is busy. Please try again in a moment.";
    };
  }

  /** The reply to a hop of a session the participant has since left for a newer one (e.g. on another gateway). */
  public static String sessionOver(String language) {
    return switch (language) {
      case "fr" -> "Cette session est terminée. Recomposez le code pour continuer.";
      case "sw" -> "Kipindi hiki kimekwisha. Piga namba tena ili kuendelea.";
      case "pt" -> "Esta sessao terminou. Marque o codigo de novo para continuar.";
      default -> "This session has ended. Dial the code again to continue.";
    };
  }
}
