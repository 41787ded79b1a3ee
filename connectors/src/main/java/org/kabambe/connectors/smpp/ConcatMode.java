package org.kabambe.connectors.smpp;

/** How a text longer than one SMS is submitted: a bind setting, because SMSCs accept different ones. */
public enum ConcatMode {
  /** One submit_sm per part with a user data header {@code 05 00 03 ref total seq} (esm_class UDHI 0x40). */
  UDH,
  /** One submit_sm per part with the sar_msg_ref_num / sar_total_segments / sar_segment_seqnum TLVs. */
  SAR,
  /** The whole text in one submit_sm's message_payload TLV (0x0424); the SMSC splits it. */
  PAYLOAD
}
