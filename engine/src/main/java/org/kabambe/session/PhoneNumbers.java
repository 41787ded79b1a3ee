package org.kabambe.session;

/**
 * The number a hop is filed under when no deployment region is at hand: see
 * {@link org.kabambe.contact.PhoneNumbers#key}. The services use the deployment's own instance.
 */
public final class PhoneNumbers {
  private PhoneNumbers() {}

  public static String normalise(String raw) {
    return org.kabambe.contact.PhoneNumbers.INTERNATIONAL.key(raw);
  }
}
