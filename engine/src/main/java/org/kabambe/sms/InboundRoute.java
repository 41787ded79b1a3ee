package org.kabambe.sms;

import org.kabambe.flow.Flow;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.settings.GlobalKeywords;

/** Where an inbound SMS goes, in the order the router tries them. */
sealed interface InboundRoute {
  /** A global keyword (STOP, HELP, JOIN) in {@code language}: works from anywhere, whatever is waiting. */
  record Global(GlobalKeywords.Purpose purpose, String language) implements InboundRoute {}

  /** A campaign's join or leave keyword (after the global keywords, before flow keywords). */
  record CampaignKeyword(Campaign campaign, boolean join) implements InboundRoute {}

  /** A flow's keyword: starts that flow (a waiting conversation is abandoned). */
  record StartFlow(Flow flow) implements InboundRoute {}

  /** The answer to the conversation waiting for a reply. */
  record Reply() implements InboundRoute {}

  /** Nothing matched: a short help text, never silence. */
  record Unrecognised() implements InboundRoute {}
}
