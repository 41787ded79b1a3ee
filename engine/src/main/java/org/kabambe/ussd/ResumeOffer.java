package org.kabambe.ussd;

import java.util.List;
import org.kabambe.runtime.Prompt;

/** The "Continue where you left off / Start again" screen offered on a re-dial, in the participant's language. */
public final class ResumeOffer {
  public static final String CONTINUE = "1";
  public static final String RESTART = "2";

  private ResumeOffer() {}

  public static Prompt prompt(String language, boolean invalid) {
    String[] t = texts(language);
    List<String> above = invalid ? List.of(t[3]) : List.of();
    return new Prompt(above, t[0], List.of(new Prompt.Option(1, t[1]), new Prompt.Option(2, t[2])), false, false);
  }

  private static String[] texts(String language) {
    return switch (language) {
      case "fr" -> new String[] {"Vous avez une session en cours.", "Continuer", "Recommencer",
          "Choisissez 1 ou 2."};
      case "sw" -> new String[] {"Una kipindi ambacho hakijakamilika.", "Endelea ulipoachia", "Anza upya",
          "Chagua 1 au 2."};
      case "pt" -> new String[] {"Tem uma sessao por terminar.", "Continuar", "Recomecar", "Escolha 1 ou 2."};
      default -> new String[] {"You have an unfinished session.", "Continue where you left off", "Start again",
          "Please choose 1 or 2."};
    };
  }
}
