package org.kabambe.connectors.smpp;

/** The SMPP command_status values the connector acts on, plus one of its own for "never reached the SMSC". */
public final class SmppStatus {
  private SmppStatus() {}

  public static final int ESME_ROK = 0x00;
  /** The SMSC (or we) are not bound: submit later. */
  public static final int ESME_RINVBNDSTS = 0x04;
  public static final int ESME_RSYSERR = 0x08;
  public static final int ESME_RBINDFAIL = 0x0D;
  public static final int ESME_RINVPASWD = 0x0E;
  /** The SMSC's queue is full: temporary. */
  public static final int ESME_RMSGQFUL = 0x14;
  /** Too many submits per second: temporary. */
  public static final int ESME_RTHROTTLED = 0x58;
  /** Receiver temporary application error: the SMSC should deliver the deliver_sm again later. */
  public static final int ESME_RX_T_APPN = 0x64;
  /** Not an SMPP status: the connector refused or failed the submit before the SMSC could have seen it. */
  public static final int LOCAL = -1;

  /** Whether a negative submit_sm_resp means "try again later" rather than "never". */
  public static boolean isTemporary(int status) {
    return status == ESME_RTHROTTLED || status == ESME_RMSGQFUL || status == ESME_RINVBNDSTS;
  }
}
