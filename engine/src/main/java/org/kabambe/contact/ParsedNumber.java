package org.kabambe.contact;

/** The outcome of reading a phone number: its E.164 form, or why it is not a number we can reach. */
public sealed interface ParsedNumber {
  /** A valid number in E.164 form, e.g. {@code +254712000111}. */
  record Valid(String e164) implements ParsedNumber {}

  /** Not a valid number; {@code reason} says why in words a person can act on. */
  record Invalid(String raw, String reason) implements ParsedNumber {}
}
