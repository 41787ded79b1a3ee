package org.kabambe.connectors.sms;

import java.util.concurrent.CompletionStage;

/**
 * What the engine implements to receive SMS traffic. Each call returns when the engine has made the event
 * durable, so the connector acknowledges the provider only then (an SMSC redelivers what was not acknowledged).
 */
public interface SmsHandler {
  CompletionStage<Void> inbound(InboundSms message);

  CompletionStage<Void> receipt(DeliveryReport report);
}
