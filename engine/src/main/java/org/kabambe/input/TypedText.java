package org.kabambe.input;

/**
 * What text from outside (a participant's reply, a webhook's result) may hold before it is stored. PostgreSQL's text
 * columns refuse U+0000 (H2's take it), and no keypad types it: a NUL is a gateway's noise or someone probing, so it
 * is dropped rather than failing the hop on one database and not the other.
 */
public final class TypedText {
  private TypedText() {}

  /** {@code typed} without its NUL characters (the same string when it has none). */
  public static String withoutNul(String typed) {
    return typed.indexOf('\u0000') < 0 ? typed : typed.replace("\u0000", "");
  }
}
