package org.kabambe.connectors.smpp;

/** Which alphabet outbound texts use: GSM-7 whenever the text allows it, or always UCS-2. */
public enum EncodingPolicy {
  /** GSM-7 (data_coding 0x00) when every character is in GSM 03.38, otherwise UCS-2 (0x08). */
  GSM7,
  /** Always UCS-2, for SMSCs that mangle data_coding 0 (costs more segments: 70/67 characters). */
  UCS2
}
