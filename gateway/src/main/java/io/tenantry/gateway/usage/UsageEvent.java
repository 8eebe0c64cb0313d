package io.tenantry.gateway.usage;

import java.time.Instant;

/**
 * The CloudEvents 1.0 JSON envelope of a usage event, attribute for attribute the one of
 * common-lib's {@code CloudEvent} that every other service publishes. The gateway cannot
 * depend on common-lib (it brings Spring MVC and JPA to a WebFlux application without a
 * database), so it writes the same JSON from this record; the events' documented envelope
 * (docs/asyncapi.yaml) is the contract both follow.
 */
record UsageEvent(String specversion, String id, String source, String type, Instant time, String subject,
		String tenantid, Actor actor, String datacontenttype, UsageRecorded data) {

	static final String SOURCE = "/gateway";

	static UsageEvent of(String id, Instant time, UsageRecorded data) {
		return new UsageEvent("1.0", id, SOURCE, UsageRecorded.TYPE, time, data.metric(), data.tenantId().toString(),
				new Actor("system", "gateway", null), "application/json", data);
	}

	/** The system itself measured it: no user, no caller's address. */
	record Actor(String type, String id, String ip) {
	}

}
