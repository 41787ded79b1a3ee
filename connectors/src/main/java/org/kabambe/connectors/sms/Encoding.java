package org.kabambe.connectors.sms;

/** The two alphabets a handset understands: GSM 7-bit (with its extension table) and UCS-2. */
public enum Encoding {
  GSM7, UCS2
}
