package org.kabambe.connectors.smpp;

/** Which binds a provider opens: one transceiver, a transmitter + receiver pair, or a transmitter only. */
public enum BindMode {
  /** One BIND_TRX session carries submits, receipts and MO. */
  TRX,
  /** A BIND_TX session for submits and a BIND_RX session for receipts and MO (SMSCs without transceivers). */
  TXRX,
  /** A BIND_TX session only: no receipts, no MO. */
  TX
}
