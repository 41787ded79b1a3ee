package org.kabambe.connectors.smpp;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kabambe.connectors.sms.DeliveryReport.State;

/**
 * The text form of a delivery receipt (SMPP 3.4 Appendix B, as SMSCs write it):
 * {@code id:… sub:… dlvrd:… submit date:YYMMDDhhmm[ss] done date:YYMMDDhhmm[ss] stat:DELIVRD err:… text:…}.
 * Fields may be missing or in another order; dates have 10 or 12 digits and no time zone.
 */
record ReceiptText(String id, State state, String error, Optional<LocalDateTime> submitDate,
    Optional<LocalDateTime> doneDate) {
  private static final Pattern ID = Pattern.compile("(?i)(?:^|\\s)id:(\\S+)");
  private static final Pattern STAT = Pattern.compile("(?i)\\bstat:(\\w+)");
  private static final Pattern ERR = Pattern.compile("(?i)\\berr:(\\w+)");
  private static final Pattern SUBMIT = Pattern.compile("(?i)\\bsubmit[ _]date:(\\d{12}|\\d{10})\\b");
  private static final Pattern DONE = Pattern.compile("(?i)\\bdone[ _]date:(\\d{12}|\\d{10})\\b");
  private static final DateTimeFormatter TEN = DateTimeFormatter.ofPattern("yyMMddHHmm");
  private static final DateTimeFormatter TWELVE = DateTimeFormatter.ofPattern("yyMMddHHmmss");

  /** The receipt in {@code text}, or empty when the text carries no {@code id:}. */
  static Optional<ReceiptText> parse(String text) {
    Matcher id = ID.matcher(text);
    if (!id.find()) {
      return Optional.empty();
    }
    return Optional.of(new ReceiptText(id.group(1), state(find(STAT, text).orElse("")),
        find(ERR, text).orElse(""), find(SUBMIT, text).flatMap(ReceiptText::date),
        find(DONE, text).flatMap(ReceiptText::date)));
  }

  /** Maps the seven-letter stat words (and the long forms some SMSCs write) to a state. */
  static State state(String stat) {
    return switch (stat.toUpperCase(Locale.ROOT)) {
      case "DELIVRD", "DELIVERED" -> State.DELIVERED;
      case "EXPIRED" -> State.EXPIRED;
      case "DELETED" -> State.DELETED;
      case "UNDELIV", "UNDELIVERABLE", "FAILED" -> State.UNDELIVERABLE;
      case "ACCEPTD", "ACCEPTED" -> State.ACCEPTED;
      case "REJECTD", "REJECTED" -> State.REJECTED;
      case "ENROUTE" -> State.ENROUTE;
      default -> State.UNKNOWN;
    };
  }

  /** Maps the message_state TLV (1 ENROUTE … 8 REJECTED) to a state. */
  static State state(int messageState) {
    return switch (messageState) {
      case 1 -> State.ENROUTE;
      case 2 -> State.DELIVERED;
      case 3 -> State.EXPIRED;
      case 4 -> State.DELETED;
      case 5 -> State.UNDELIVERABLE;
      case 6 -> State.ACCEPTED;
      case 8 -> State.REJECTED;
      default -> State.UNKNOWN;
    };
  }

  /** The message_state TLV value of a state. */
  static int messageState(State state) {
    return state.ordinal() + 1;
  }

  private static Optional<String> find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Optional<LocalDateTime> date(String digits) {
    try {
      return Optional.of(LocalDateTime.parse(digits, digits.length() == 12 ? TWELVE : TEN));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
