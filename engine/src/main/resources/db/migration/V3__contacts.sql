-- Contacts: one row per number (E.164 as the engine normalises it), created on first contact from any channel.
-- Opt-out is here so that every sender can honour it; fields, groups and consent come with the contacts feature.
CREATE TABLE contacts (
  phone         VARCHAR(32) NOT NULL PRIMARY KEY,
  language      VARCHAR(16),
  opted_out     BOOLEAN     NOT NULL DEFAULT FALSE,
  opted_out_at  TIMESTAMP WITH TIME ZONE,
  opted_in_at   TIMESTAMP WITH TIME ZONE,
  first_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- SMS conversations wait for replies for hours: the timeout job finds them by channel and age, and remembers
-- whether the one reminder was sent.
ALTER TABLE conversations ADD COLUMN reminded BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX conversations_waiting ON conversations (channel, ended, updated_at);

-- Why a message is sent: 'flow' (a flow's screen or sms action), 'system' (a reply to STOP/HELP/JOIN). A STOP
-- confirmation is the one message an opted-out number still receives.
ALTER TABLE outbox ADD COLUMN kind VARCHAR(16) DEFAULT 'flow' NOT NULL;
