package io.tenantry.common.events;

import java.util.function.Consumer;

import io.tenantry.common.tenant.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles each event at most once per consumer: the event id is recorded in the same
 * transaction as the effect, with the event's tenant set so that RLS applies to the
 * consumer's writes as to any request's. A redelivered event finds its id and is skipped.
 */
public class ProcessedEvents {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public ProcessedEvents(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Runs {@code effect} for {@code event} unless {@code consumer} already handled it.
	 * @return whether the effect ran
	 */
	public boolean handleOnce(String consumer, IncomingEvent event, Consumer<IncomingEvent> effect) {
		Boolean ran = TenantContext.callAs(event.tenantId(), () -> this.transactions.execute((tx) -> {
			int inserted = this.jdbc.update("""
					insert into processed_event (tenant_id, consumer, event_id) values (?, ?, ?)
					on conflict do nothing""", event.tenantId(), consumer, event.id());
			if (inserted == 0) {
				return false;
			}
			effect.accept(event);
			return true;
		}));
		return Boolean.TRUE.equals(ran);
	}

}
