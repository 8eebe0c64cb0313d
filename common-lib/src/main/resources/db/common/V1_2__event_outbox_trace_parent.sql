-- The W3C trace context of the transaction that wrote the event: the relay sends it as the
-- record's traceparent header, so a consumer continues the trace of the request that caused
-- the event. Null when the write ran outside any trace.
alter table event_outbox add column trace_parent text;
