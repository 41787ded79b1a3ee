package org.kabambe.contact;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/**
 * Puts the numbers gateways, SMSCs and spreadsheets send into E.164 with libphonenumber, so one person is one
 * contact whichever way their number was written: local forms ("0712 000 111" in the deployment's default
 * region), a missing '+' ("254712000111"), the 00 prefix, spaces and dashes. Invalid numbers are reported
 * ({@link #parse}), never guessed into another country. Thread-safe; results are cached because
 * {@link #key} runs on every hop.
 */
public final class PhoneNumbers {
  /** Without a default region: only numbers written with their country code are valid. */
  public static final PhoneNumbers INTERNATIONAL = new PhoneNumbers(Optional.empty());

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String UNKNOWN_REGION = "ZZ";

  private final Optional<String> region;
  private final Cache<String, ParsedNumber> cache = Caffeine.newBuilder().maximumSize(100_000).build();

  private PhoneNumbers(Optional<String> region) {
    this.region = region;
  }

  /** Numbers read in {@code region} (ISO 3166 code, e.g. KE) when written without a country code. */
  public static PhoneNumbers forRegion(String region) {
    String r = region.strip().toUpperCase(Locale.ROOT);
    if (!UTIL.getSupportedRegions().contains(r)) {
      throw new IllegalArgumentException("'" + region + "' is not a region libphonenumber knows; use a two-letter "
          + "country code such as KE, GH or UG");
    }
    return new PhoneNumbers(Optional.of(r));
  }

  /** {@link #forRegion}, or {@link #INTERNATIONAL} when no region is configured. */
  public static PhoneNumbers of(Optional<String> region) {
    return region.filter(r -> !r.isBlank()).map(PhoneNumbers::forRegion).orElse(INTERNATIONAL);
  }

  public Optional<String> region() {
    return region;
  }

  /** The number in E.164 form, or why it is not valid. */
  public ParsedNumber parse(String raw) {
    return cache.get(raw, this::parseUncached);
  }

  /**
   * The key a participant's hops are filed under: the E.164 form of a valid number; otherwise the number as the
   * network gave it (its digits, with '+' when it had one or began with 00), since a gateway's caller must be
   * served even when libphonenumber does not know the range (test SIMs, new ranges).
   */
  public String key(String raw) {
    return parse(raw) instanceof ParsedNumber.Valid v ? v.e164() : digitsAsGiven(raw);
  }

  private ParsedNumber parseUncached(String raw) {
    String s = raw.strip();
    if (s.isEmpty()) return new ParsedNumber.Invalid(raw, "the number is empty");
    if (s.chars().anyMatch(Character::isLetter) && !s.regionMatches(true, 0, "tel:", 0, 4)) {
      return new ParsedNumber.Invalid(raw, "'" + raw + "' has letters in it; a phone number has digits only");
    }
    String digits = s.replaceAll("[^0-9+]", "");
    if (digits.startsWith("00")) digits = "+" + digits.substring(2);
    if (digits.startsWith("+")) return international(raw, digits);
    // Written without '+': a local number in the default region, else the country code without its '+'.
    if (region.isPresent()) {
      Optional<String> local = valid(digits, region.get());
      if (local.isPresent()) return new ParsedNumber.Valid(local.get());
    }
    // Only a known range is taken for a country code written without '+': the digits could be a mistyped local number.
    Optional<String> withPlus = valid("+" + digits, UNKNOWN_REGION);
    if (withPlus.isPresent()) return new ParsedNumber.Valid(withPlus.get());
    return new ParsedNumber.Invalid(raw, region.map(r -> "'" + raw + "' is neither a valid " + r + " number nor a "
        + "valid number with a country code").orElse("'" + raw + "' is not a valid number with a country code "
        + "(no default region is configured, so local numbers cannot be read; write it as +CCC…)"));
  }

  /**
   * A number written with its country code is accepted when libphonenumber knows its range, or when the country
   * code exists and the length fits it: range tables lag behind new allocations (and Ofcom's drama range, which
   * the demo seeds use, is deliberately unlisted). Nothing is guessed either way: the country was written.
   */
  private static ParsedNumber international(String raw, String digits) {
    try {
      PhoneNumber n = UTIL.parse(digits, UNKNOWN_REGION);
      if (UTIL.isValidNumber(n) || UTIL.isPossibleNumberWithReason(n) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
          && !UTIL.getRegionCodeForCountryCode(n.getCountryCode()).equals(UNKNOWN_REGION)) {
        return new ParsedNumber.Valid(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
      }
    } catch (NumberParseException e) {
      // reported below
    }
    return new ParsedNumber.Invalid(raw, "'" + raw + "' is not a valid number"
        + " (check the country code and the number of digits)");
  }

  private static Optional<String> valid(String text, String region) {
    try {
      PhoneNumber n = UTIL.parse(text, region);
      return UTIL.isValidNumber(n) ? Optional.of(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164))
          : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** Digits with a leading '+' when the number had one or began with 00; nothing else is guessed. */
  static String digitsAsGiven(String raw) {
    var digits = new StringBuilder(raw.length() + 1);
    boolean plus = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') digits.append(c);
      else if (c == '+' && digits.length() == 0) plus = true;
    }
    String d = digits.toString();
    if (!plus && d.startsWith("00")) return "+" + d.substring(2);
    return plus ? "+" + d : d;
  }
}
