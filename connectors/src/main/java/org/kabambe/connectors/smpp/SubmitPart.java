package org.kabambe.connectors.smpp;

import java.util.List;
import org.jsmpp.bean.OptionalParameter;

/** What one submit_sm carries for one part of a message: user data, esm_class, data_coding and TLVs. */
record SubmitPart(byte[] shortMessage, byte esmClass, byte dataCoding, List<OptionalParameter> tlvs) {
  SubmitPart {
    tlvs = List.copyOf(tlvs);
  }

  OptionalParameter[] tlvArray() {
    return tlvs.toArray(new OptionalParameter[0]);
  }
}
