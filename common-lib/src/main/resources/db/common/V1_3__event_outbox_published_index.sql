-- The relay deletes sent events past their retention (tenantry.events.published-retention):
-- found by the time they were sent.
create index event_outbox_published on event_outbox (published_at) where published_at is not null;
