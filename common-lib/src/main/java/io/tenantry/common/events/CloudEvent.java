package io.tenantry.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The CloudEvents 1.0 JSON envelope of every Tenantry event on Kafka. Field names are the
 * CloudEvents attribute names; {@code tenantid} and {@code actor} are extensions.
 *
 * @param specversion always {@code 1.0}
 * @param id unique per event; consumers dedupe on it
 * @param source the publishing service, e.g. {@code /tenant-service}
 * @param type {@code io.tenantry.<domain>.<event>.v<N>}, an explicit constant
 * @param time when it happened
 * @param subject the aggregate the event is about (its id)
 * @param tenantid the tenant the event belongs to; also the Kafka record key
 * @param actor who did it
 * @param datacontenttype always {@code application/json}
 * @param data the event payload
 */
public record CloudEvent<T>(String specversion, String id, String source, String type, Instant time, String subject,
		String tenantid, Actor actor, String datacontenttype, T data) {

	public static final String SPEC_VERSION = "1.0";

	public static final String TYPE_PREFIX = "io.tenantry.";

	public CloudEvent {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(time, "time");
		Objects.requireNonNull(tenantid, "tenantid");
		if (!type.startsWith(TYPE_PREFIX) || !type.matches("io\\.tenantry\\.[a-z]+\\.[a-z][a-z.-]*\\.v\\d+")) {
			throw new IllegalArgumentException("Event type must be io.tenantry.<domain>.<event>.v<N>: " + type);
		}
	}

	/** A new event with a fresh id. */
	public static <T> CloudEvent<T> of(String source, String type, Instant time, String subject, UUID tenantId,
			Actor actor, T data) {
		return new CloudEvent<>(SPEC_VERSION, UUID.randomUUID().toString(), source, type, time, subject,
				tenantId.toString(), actor, "application/json", data);
	}

}
