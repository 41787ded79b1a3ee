package org.kabambe.connectors.sms;

/**
 * How many units fit in one SMS: alone, or as one part of a concatenated message (the UDH takes the rest).
 *
 * @param gsm7Single septets in a message that needs no concatenation
 * @param gsm7Part   septets per part of a concatenated message
 * @param ucs2Single UTF-16 units in a message that needs no concatenation
 * @param ucs2Part   UTF-16 units per part of a concatenated message
 */
public record SegmentLimits(int gsm7Single, int gsm7Part, int ucs2Single, int ucs2Part) {
  /** UDH with an 8-bit reference ({@code 05 00 03 ref total seq}): the common default. */
  public static final SegmentLimits CONCAT_8BIT_REF = new SegmentLimits(160, 153, 70, 67);
  /** UDH with a 16-bit reference ({@code 06 08 04 ref ref total seq}): one unit less per part. */
  public static final SegmentLimits CONCAT_16BIT_REF = new SegmentLimits(160, 152, 70, 66);

  public SegmentLimits {
    // A part must hold at least an escape pair or a surrogate pair, or splitting could not progress.
    if (gsm7Part < 2 || ucs2Part < 2 || gsm7Single < gsm7Part || ucs2Single < ucs2Part) {
      throw new IllegalArgumentException("invalid segment limits: " + gsm7Single + "/" + gsm7Part + ", "
          + ucs2Single + "/" + ucs2Part);
    }
  }

  int single(Encoding encoding) {
    return encoding == Encoding.GSM7 ? gsm7Single : ucs2Single;
  }

  int part(Encoding encoding) {
    return encoding == Encoding.GSM7 ? gsm7Part : ucs2Part;
  }
}
