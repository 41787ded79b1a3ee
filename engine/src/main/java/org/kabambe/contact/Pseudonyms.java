package org.kabambe.contact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for personal data in exports: HMAC-SHA256 of the value under the deployment's secret,
 * truncated to 16 hex digits (64 bits: no collisions in practice among millions). The same value always gets
 * the same pseudonym under one secret, so exports can be joined and compared, but it cannot be reversed or
 * recomputed by dictionary without the secret (a plain hash of a phone number can: the number space is small).
 */
public final class Pseudonyms {
  private static final int HEX_DIGITS = 16;
  private final Mac mac;

  public Pseudonyms(String secret) {
    if (secret.isEmpty()) throw new IllegalArgumentException("the pseudonym secret is empty");
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The pseudonym of {@code value}. Not thread-safe (one per export). */
  public String of(String value) {
    byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
  }
}
