package org.kabambe.handover;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every file and column of a hand-over means: the README.md of the export directory is written from this,
 * so a column added to a file without a line here is caught by the hand-over test.
 */
final class DataDictionary {
  /** One file (or a family of files, e.g. results/FLOW.csv): what a row is, and its columns in order. */
  record Entry(String file, String rows, Map<String, String> columns) {}

  private DataDictionary() {}

  private static Map<String, String> columns(String... pairs) {
    var m = new LinkedHashMap<String, String>();
    for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
    return m;
  }

  static final String PARTICIPANT = "the participant: `p_` + 20 hex digits of HMAC-SHA256 of the number under the "
      + "deployment secret (the same person has the same pseudonym in every file), or the number in E.164 with "
      + "--reveal";
  private static final String CHANNEL = "`ussd`, `sms`, or `simulator` (the web simulator's fictional numbers)";
  private static final String DAY = "the day (UTC, yyyy-mm-dd) the run started, or the day of the event/answer";
  private static final String ARM = "the arm of a random split the run was assigned (`node:arm`), empty if none";

  static final Entry CONTACTS = new Entry("contacts.csv", "one contact per number", columns(
      "phone", "the number: its pseudonym (see `participant`), or E.164 with --reveal",
      "language", "the contact's language code, empty for the deployment's default",
      "groups", "the groups the contact belongs to, separated by `;`",
      "opted_out", "`true` if the person sent STOP (or was opted out by an import); no messages go to them",
      "consented_at", "when the person last gave consent (JOIN, a flow's opt_in, or an import), ISO-8601",
      "first_seen", "first contact from any channel, ISO-8601 (empty: imported, never seen)",
      "last_seen", "last contact from any channel, ISO-8601"));

  static final Entry RESULTS = new Entry("results/FLOW.csv", "one row per answer given to a question of the flow "
      + "(a question answered again after Back has a row per answer); the web simulator's numbers are left out",
      columns(
      "participant", PARTICIPANT,
      "channel", CHANNEL,
      "session", "the gateway's session id (USSD) or Kabambe's (SMS): the answers of one sitting",
      "node", "the node (question) id in the flow file",
      "question", "the name the answer is saved under (`save:` in the flow)",
      "answer", "the answer as stored (a menu option's value, or the text typed)",
      "answered_at", "when the answer was given, ISO-8601 UTC",
      "answer_label", "a menu answer's option label in the flow's first language, empty otherwise"));

  static final Entry RUNS = new Entry("runs.csv", "one run of a flow by a participant (started .. completed or "
      + "left)", columns(
      "flow_id", "the flow",
      "participant", PARTICIPANT + " (a forgotten participant's runs carry an unlinked token's pseudonym)",
      "channel", CHANNEL,
      "started_at", "when the run started, ISO-8601 UTC",
      "start_day", "the day (UTC) the run is counted under in the figures",
      "status", "`open`, `completed`, `left` (abandoned or expired) or `dropped` (the network ended a USSD session;"
          + " it may still resume)",
      "last_node", "the last node the run reached",
      "ended_at", "when it completed or was left, ISO-8601 UTC; empty while open",
      "duration_ms", "milliseconds from start to completion; empty unless completed",
      "arm", ARM,
      "answers", "how many answers the run gave"));

  static final Entry MESSAGES = new Entry("messages.csv", "one outbound SMS (the outbox)", columns(
      "id", "the message's id",
      "participant", PARTICIPANT,
      "kind", "`flow` (a flow's screen or sms action) or `system` (a reply to STOP, HELP or JOIN)",
      "source", "`broadcast:ID/ARM` or `campaign:ID/STEP` for broadcasts and campaigns, empty for flows",
      "status", "`queued`, `submitting`, `submitted`, `delivered`, `failed` or `expired`",
      "created_at", "when it was queued, ISO-8601 UTC",
      "submitted_at", "when the SMSC accepted it, ISO-8601 UTC; empty if not yet",
      "delivered_at", "when its delivery receipt arrived, ISO-8601 UTC; empty if none",
      "attempts", "how many times it was offered to the provider",
      "provider", "the SMS provider it was sent through",
      "text", "the message as sent, with --reveal only (it may name the person); empty otherwise"));

  private static final String FLOW = "the flow (empty outside a flow)";

  /** The daily figure tables the dashboard reads, as they are stored. */
  static final List<Entry> FIGURES = List.of(
      new Entry("figures/run_daily.csv", "runs per flow, start day, channel and arm", columns(
          "flow_id", "the flow", "on_day", DAY, "channel", CHANNEL, "arm", ARM,
          "runs", "runs started", "completed", "runs completed", "left_count", "runs left or dropped",
          "open_count", "runs still open",
          "new_in_flow", "runs that were their participant's first of the flow (sum over days: participants)",
          "new_on_channel", "... first of the flow on this channel",
          "new_in_arm", "... first of the flow settled in this arm",
          "new_in_arm_on_channel", "... the same per channel",
          "people_in_flow",
          "runs that were their participant's first of the flow that day (sum: the day's participants)",
          "people_on_channel", "... first of the flow on this channel that day",
          "people_in_programme", "... first of any flow that day",
          "people_in_programme_on_channel", "... first of any flow on this channel that day")),
      new Entry("figures/funnel_daily.csv", "per flow, start day, channel and node", columns(
          "flow_id", "the flow", "on_day", DAY, "channel", CHANNEL, "node_id", "the node",
          "reached", "runs that reached the node", "left_count", "runs whose last node it was when they left")),
      new Entry("figures/event_daily.csv", "event counts per flow, day, channel and type", columns(
          "flow_id", FLOW, "on_day", DAY, "channel", CHANNEL,
          "type", "the event (resumed, opted_out, invalid_answer, sms_received, reminder_sent, ...)",
          "n", "how many")),
      new Entry("figures/answer_daily.csv", "answer counts per flow, day, channel, language, arm, question and value",
          columns("flow_id", "the flow", "on_day", DAY, "channel", CHANNEL, "language", "the session's language",
              "arm", ARM, "node_id", "the question's node", "name", "the name the answer is saved under",
              "answer", "the answer (its text, clipped to 100 characters)", "n", "how many")),
      new Entry("figures/duration_daily.csv", "completed runs per flow, start day, channel and time to complete",
          columns("flow_id", "the flow", "on_day", DAY, "channel", CHANNEL,
              "seconds", "time to complete: whole seconds under 10 minutes, coarser above", "n", "how many runs")),
      new Entry("figures/answer_field_daily.csv", "answer counts by a contact field (non-pii declared fields)",
          columns("flow_id", "the flow", "on_day", DAY, "channel", CHANNEL, "field", "the contact field",
              "field_value", "its value when the answer was counted", "node_id", "the question's node",
              "name", "the name the answer is saved under", "answer", "the answer", "n", "how many")),
      new Entry("figures/answer_pair_daily.csv", "runs per pair of their final answers to two questions with set"
          + " answers (menus, choice and yes/no; the cross-tabs), per flow, start day and channel",
          columns("flow_id", "the flow", "on_day", "the day the run started", "channel", CHANNEL,
              "row_name", "the first question's name (the pair's names in order)", "row_value", "its answer",
              "col_name", "the second question's name", "col_value", "its answer", "n", "how many runs")));
}
