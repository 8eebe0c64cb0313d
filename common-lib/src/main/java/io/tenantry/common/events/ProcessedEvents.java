package io.tenantry.common.events;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantry.common.jpa.AfterCommit;
import io.tenantry.common.tenant.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles each event at most once per consumer: the event id is recorded in the same
 * transaction as the effect, with the event's tenant set so that RLS applies to the
 * consumer's writes as to any request's. A redelivered event finds its id and is skipped.
 */
public class ProcessedEvents {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	public ProcessedEvents(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this(jdbc, transactions, new SimpleMeterRegistry());
	}

	/** @param meters where {@code tenantry.events.handled} (per consumer and outcome) is counted */
	public ProcessedEvents(JdbcTemplate jdbc, TransactionTemplate transactions, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.meters = meters;
	}

	/**
	 * Claims a batch of one tenant's events for {@code consumer}, inside the caller's
	 * transaction (which must have that tenant set): returns the ids not handled before, so
	 * the caller applies the effect to those only. Duplicates within the batch count once.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Set<UUID> claim(String consumer, UUID tenantId, Collection<UUID> eventIds) {
		if (eventIds.isEmpty()) {
			return Set.of();
		}
		List<UUID> claimed = this.jdbc.query((connection) -> {
			PreparedStatement statement = connection.prepareStatement("""
					insert into processed_event (tenant_id, consumer, event_id)
					select ?, ?, unnest(?) on conflict do nothing returning event_id""");
			statement.setObject(1, tenantId);
			statement.setString(2, consumer);
			statement.setArray(3, connection.createArrayOf("uuid", eventIds.toArray()));
			return statement;
		}, (rs, row) -> rs.getObject(1, UUID.class));
		int applied = claimed.size();
		int duplicates = eventIds.size() - applied;
		AfterCommit.run(() -> {
			count(consumer, "applied", applied);
			count(consumer, "duplicate", duplicates);
		});
		return new HashSet<>(claimed);
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
		count(consumer, Boolean.TRUE.equals(ran) ? "applied" : "duplicate", 1);
		return Boolean.TRUE.equals(ran);
	}

	private void count(String consumer, String outcome, int events) {
		if (events > 0) {
			Counter.builder("tenantry.events.handled")
				.description("Events a consumer handled once (applied) or recognised as already handled (duplicate)")
				.tag("consumer", consumer)
				.tag("outcome", outcome)
				.register(this.meters)
				.increment(events);
		}
	}

}
