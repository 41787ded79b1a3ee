package org.kabambe.connectors.ussd;

import java.util.Objects;

/**
 * The screen to show for one hop, and whether it closes the session.
 *
 * @param text the rendered screen, already within the gateway's screen budget
 * @param end true to close the session after this screen
 */
public record UssdReply(String text, boolean end) {

  /** What a participant sees when the engine cannot answer. */
  public static final String BUSY_TEXT = "Sorry, the service is busy. Please try again.";

  public UssdReply {
    Objects.requireNonNull(text, "text");
  }

  /** A screen that waits for the participant's answer. */
  public static UssdReply continueWith(String text) {
    return new UssdReply(text, false);
  }

  /** A last screen. */
  public static UssdReply endWith(String text) {
    return new UssdReply(text, true);
  }
}
