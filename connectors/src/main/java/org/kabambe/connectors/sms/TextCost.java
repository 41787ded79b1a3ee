package org.kabambe.connectors.sms;

/**
 * What a text costs: its encoding, its length in that encoding's units (GSM-7 septets, extension characters
 * counting two; or UTF-16 code units for UCS-2) and the SMS segments it needs.
 */
public record TextCost(Encoding encoding, int units, int segments) {}
