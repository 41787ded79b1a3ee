package org.kabambe.connectors.africastalking;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.kabambe.connectors.sms.SubmitResult;

/**
 * Turns Africa's Talking's answer to a send into a {@link SubmitResult}. Recipient status codes: 100 Processed,
 * 101 Sent, 102 Queued (accepted); 405 InsufficientBalance, 500 InternalServerError, 501 GatewayError (nothing was
 * sent: retried, topping up or their recovery fixes them); every other code is the message's own fault or the
 * number's (401 RiskHold, 402 InvalidSenderId, 403 InvalidPhoneNumber, 404 UnsupportedNumberType, 406
 * UserInBlacklist, 407 CouldNotRoute, 409 DoNotDisturbRejection, 502 RejectedByGateway): rejected.
 */
final class SendResponses {
  private static final Set<Integer> ACCEPTED = Set.of(100, 101, 102);
  private static final Set<Integer> TRANSIENT = Set.of(405, 500, 501);

  private SendResponses() {}

  static SubmitResult of(int httpStatus, String body) {
    if (httpStatus >= 500) {
      // The request reached them and failed somewhere: it may have been sent.
      return new SubmitResult.Unknown("HTTP " + httpStatus + " from Africa's Talking");
    }
    if (httpStatus == 401 || httpStatus == 403 || httpStatus == 429) {
      // Refused before processing (credentials, permissions, rate): nothing was sent; fix and it goes out.
      return new SubmitResult.Retry(httpStatus, "HTTP " + httpStatus + ": " + shortly(body));
    }
    if (httpStatus >= 400) {
      return new SubmitResult.Rejected(httpStatus, "HTTP " + httpStatus + ": " + shortly(body));
    }
    try {
      JsonObject data = new JsonObject(body).getJsonObject("SMSMessageData");
      if (data == null) {
        return new SubmitResult.Unknown("answer without SMSMessageData: " + shortly(body));
      }
      JsonArray recipients = data.getJsonArray("Recipients", new JsonArray());
      if (recipients.isEmpty()) {
        // A whole-request refusal (e.g. "InvalidSenderId") names itself in Message.
        return new SubmitResult.Rejected(0, "not sent: " + data.getString("Message", "no recipients"));
      }
      return ofRecipient(recipients.getJsonObject(0));
    } catch (DecodeException | ClassCastException e) {
      return new SubmitResult.Unknown("unreadable answer: " + shortly(body));
    }
  }

  private static SubmitResult ofRecipient(JsonObject recipient) {
    int code = recipient.getInteger("statusCode", -1);
    String status = recipient.getString("status", "status " + code);
    if (ACCEPTED.contains(code)) {
      String id = recipient.getString("messageId", "");
      if (id.isEmpty() || id.equals("None")) {
        return new SubmitResult.Unknown(status + " without a messageId");
      }
      return new SubmitResult.Accepted(List.of(id));
    }
    if (TRANSIENT.contains(code)) {
      return new SubmitResult.Retry(code, status);
    }
    return new SubmitResult.Rejected(code, status);
  }

  private static String shortly(String body) {
    String oneLine = body.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }
}
