package org.kabambe.connectors.smpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.cloudhopper.commons.charset.CharsetUtil;
import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.SmppServerConfiguration;
import com.cloudhopper.smpp.SmppServerHandler;
import com.cloudhopper.smpp.SmppServerSession;
import com.cloudhopper.smpp.SmppSessionConfiguration;
import com.cloudhopper.smpp.impl.DefaultSmppServer;
import com.cloudhopper.smpp.impl.DefaultSmppSessionHandler;
import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BaseBindResp;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.type.SmppProcessingException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SubmitResult;

/**
 * Interop: SmppProvider (jSMPP) against an independent SMPP implementation, Cloudhopper's DefaultSmppServer, whose
 * own GSM charset decodes what we sent. Guards against the simulator and the provider sharing one mistake.
 */
class CloudhopperInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** What the Cloudhopper SMSC saw of each submit_sm: raw user data, esm_class, data_coding, id answered. */
  record Seen(String to, byte[] userData, byte esmClass, byte dataCoding, String id) {}

  @Test
  void submitsLongAndShortMessagesAndReceivesMoAndReceiptsFromCloudhopper() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    AtomicReference<SmppServerSession> bound = new AtomicReference<>();
    AtomicInteger ids = new AtomicInteger(0x3E8);
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    SmppServerConfiguration config = new SmppServerConfiguration();
    config.setPort(port);
    config.setSystemId("cloudhopper");
    config.setNonBlockingSocketsEnabled(true);
    config.setJmxEnabled(false);
    config.setDefaultRequestExpiryTimeout(5_000);
    ExecutorService executor = Executors.newCachedThreadPool();
    DefaultSmppServer server = new DefaultSmppServer(config, new SmppServerHandler() {
      @Override
      public void sessionBindRequested(Long id, SmppSessionConfiguration cfg, BaseBind bind)
          throws SmppProcessingException {
        if (!"kabambe".equals(bind.getSystemId()) || !"pw".equals(bind.getPassword())) {
          throw new SmppProcessingException(SmppConstants.STATUS_INVPASWD);
        }
      }

      @Override
      public void sessionCreated(Long id, SmppServerSession session, BaseBindResp resp) {
        session.serverReady(new DefaultSmppSessionHandler() {
          @Override
          @SuppressWarnings("rawtypes")
          public PduResponse firePduRequestReceived(PduRequest request) {
            if (request instanceof SubmitSm submit) {
              SubmitSmResp r = submit.createResponse();
              r.setMessageId(Integer.toHexString(ids.getAndIncrement()));
              seen.add(new Seen(submit.getDestAddress().getAddress(), submit.getShortMessage(),
                  submit.getEsmClass(), submit.getDataCoding(), r.getMessageId()));
              return r;
            }
            return request.createResponse();
          }
        });
        bound.set(session);
      }

      @Override
      public void sessionDestroyed(Long id, SmppServerSession session) {
        session.destroy();
      }
    }, executor);
    server.start();
    RecordingHandler engine = new RecordingHandler();
    SmppProvider provider = SmppProvider.start("smpp://kabambe:pw@127.0.0.1:" + port
        + "?timeout=2s&reconnect_min=50ms&name=ch", engine);
    try {
      RecordingHandler.await(provider::ready, WAIT, () -> "bound");
      String shortText = "Karibu! Reply 1 for {info} €";
      String longText = "Chanjo ni salama na zinaokoa maisha [kila siku]. ".repeat(7);

      SubmitResult.Accepted one = assertInstanceOf(SubmitResult.Accepted.class, provider
          .submit(new OutboundSms(1, "+255700000001", "", shortText)).toCompletableFuture().get(5, TimeUnit.SECONDS));
      SubmitResult.Accepted parts = assertInstanceOf(SubmitResult.Accepted.class, provider
          .submit(new OutboundSms(2, "+255700000002", "", longText)).toCompletableFuture().get(5, TimeUnit.SECONDS));

      assertEquals(1, one.providerIds().size());
      assertEquals(shortText, CharsetUtil.decode(seen.get(0).userData(), CharsetUtil.CHARSET_GSM));
      assertEquals("255700000001", seen.get(0).to());
      assertEquals(seen.get(0).id(), one.providerIds().get(0));
      assertEquals(longText, reassembleUdh(seen.subList(1, seen.size())));
      assertEquals(seen.subList(1, seen.size()).stream().map(Seen::id).toList(), parts.providerIds());

      DeliverSm mo = new DeliverSm();
      mo.setSourceAddress(new Address((byte) 1, (byte) 1, "255700000009"));
      mo.setDestAddress(new Address((byte) 0, (byte) 1, "384"));
      mo.setDataCoding(SmppConstants.DATA_CODING_UCS2);
      mo.setShortMessage("NDIYO ✔".getBytes(StandardCharsets.UTF_16BE));
      assertEquals(SmppConstants.STATUS_OK, send(bound.get(), mo));
      assertEquals("NDIYO ✔", engine.awaitInbound(1, WAIT).get(0).text());

      DeliverSm receipt = new DeliverSm();
      receipt.setSourceAddress(new Address((byte) 1, (byte) 1, "255700000001"));
      receipt.setDestAddress(new Address((byte) 0, (byte) 1, "384"));
      receipt.setEsmClass(SmppConstants.ESM_CLASS_MT_SMSC_DELIVERY_RECEIPT);
      String id = one.providerIds().get(0);
      receipt.setShortMessage(("id:" + id + " sub:001 dlvrd:001 submit date:2611280900 done date:2611280901"
          + " stat:DELIVRD err:000 text:Karibu").getBytes(StandardCharsets.ISO_8859_1));
      receipt.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID,
          (id + "\0").getBytes(StandardCharsets.ISO_8859_1)));
      receipt.addOptionalParameter(new Tlv(SmppConstants.TAG_MSG_STATE, new byte[] {2}));
      assertEquals(SmppConstants.STATUS_OK, send(bound.get(), receipt));
      DeliveryReport report = engine.awaitReceipts(1, WAIT).get(0);
      assertEquals(new DeliveryReport("smpp:ch", id, DeliveryReport.State.DELIVERED, "000", report.at()), report);
    } finally {
      provider.close();
      server.destroy();
      executor.shutdownNow();
    }
  }

  /** Sends a deliver_sm and waits for its response's command_status. */
  private static int send(SmppServerSession session, DeliverSm pdu) throws Exception {
    var future = session.sendRequestPdu(pdu, 5_000, true);
    if (!future.await(5_000)) {
      throw new AssertionError("no deliver_sm_resp");
    }
    return future.getResponse().getCommandStatus();
  }

  /** Joins UDH parts ({@code 05 00 03 ref total seq}) in sequence order, decoding with Cloudhopper's charset. */
  private static String reassembleUdh(List<Seen> parts) {
    Map<Integer, String> bySeq = new TreeMap<>();
    int reference = -1;
    for (Seen p : parts) {
      byte[] ud = p.userData();
      assertEquals(0x40, p.esmClass() & 0x40, "UDHI set");
      assertEquals(5, ud[0]);
      assertEquals(0, ud[1]);
      assertEquals(3, ud[2]);
      assertEquals(parts.size(), ud[4]);
      if (reference >= 0) {
        assertEquals(reference, ud[3] & 0xFF, "one reference for all parts");
      }
      reference = ud[3] & 0xFF;
      byte[] text = java.util.Arrays.copyOfRange(ud, 6, ud.length);
      bySeq.put((int) ud[5], CharsetUtil.decode(text, CharsetUtil.CHARSET_GSM));
    }
    return String.join("", bySeq.values());
  }
}
