-- Fewer index entries written per USSD hop (each is a copy-on-write B-tree path in H2, most of a hop's writer
-- cost and garbage).
--
-- conversations_waiting (channel, ended, updated_at) changed on every hop of every channel, because updated_at
-- does, although only SMS conversations waiting for a reply are ever looked up by it. waiting_since holds
-- updated_at for exactly those rows and NULL for the others (every USSD row), so a USSD hop leaves the index alone.
ALTER TABLE conversations ADD COLUMN waiting_since TIMESTAMP WITH TIME ZONE;
UPDATE conversations SET waiting_since = updated_at WHERE channel = 'sms' AND ended = FALSE;
DROP INDEX conversations_waiting;
CREATE INDEX conversations_sms_waiting ON conversations (waiting_since);

-- events_flow_at served one query: the numbers that completed a flow (a broadcast audience), which flow_runs
-- answers from its primary key (flow_id first) with status 'completed'.
DROP INDEX events_flow_at;
