package io.tenantry.common.events;

import java.time.Clock;
import java.util.UUID;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.tenantry.common.tenant.TenantContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a domain event in the current transaction: it reaches Kafka only if, and after,
 * the change that caused it commits. The tenant is the current one, so RLS checks the row.
 * The current trace context is kept beside it, so the event continues the trace that
 * caused it on the other side of Kafka.
 */
public class EventOutbox {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final String source;

	public EventOutbox(JdbcTemplate jdbc, JsonMapper json, Clock clock, String applicationName) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.source = "/" + applicationName;
	}

	/**
	 * Appends an event for the current tenant.
	 * @param topic one of {@link Topics}
	 * @param type {@code io.tenantry.<domain>.<event>.v<N>}
	 * @param subject the id of the aggregate the event is about
	 * @param data the payload
	 * @return the envelope as it will be sent
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public <T> CloudEvent<T> append(String topic, String type, String subject, T data) {
		return append(topic, type, subject, data, Actors.current());
	}

	/**
	 * Appends an event whose actor is not the caller of the current request (for example
	 * the user who just logged in); the caller's address is kept.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public <T> CloudEvent<T> append(String topic, String type, String subject, T data, String actorType,
			String actorId) {
		return append(topic, type, subject, data, new Actor(actorType, actorId, Actors.current().ip()));
	}

	private <T> CloudEvent<T> append(String topic, String type, String subject, T data, Actor actor) {
		UUID tenant = TenantContext.requireTenantId();
		CloudEvent<T> event = CloudEvent.of(this.source, type, this.clock.instant(), subject, tenant, actor, data);
		this.jdbc.update("""
				insert into event_outbox (tenant_id, event_id, topic, event_type, payload, trace_parent)
				values (?, ?, ?, ?, ?, ?)""", tenant, UUID.fromString(event.id()), topic, type,
				this.json.writeValueAsString(event), currentTraceParent());
		return event;
	}

	/**
	 * The W3C {@code traceparent} of the current span, or {@code null} outside a trace.
	 */
	static String currentTraceParent() {
		SpanContext span = Span.current().getSpanContext();
		if (!span.isValid()) {
			return null;
		}
		return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
	}

}
