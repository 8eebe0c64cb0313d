package io.tenantry.audit.log;

import java.time.Instant;
import java.util.UUID;

import io.tenantry.audit.chain.CanonicalJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One audit log entry: what happened (the event, as received), and its link in the
 * tenant's hash chain.
 */
public record AuditEntry(UUID tenantId, long seq, UUID eventId, String action, String source, String actorType,
		String actorId, String actorIp, String resourceType, String resourceId, Outcome outcome, Instant occurredAt,
		Instant recordedAt, String payload, String prevHash, String hash) {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** This entry with its hash set. */
	AuditEntry withHash(String hash) {
		return new AuditEntry(this.tenantId, this.seq, this.eventId, this.action, this.source, this.actorType,
				this.actorId, this.actorIp, this.resourceType, this.resourceId, this.outcome, this.occurredAt,
				this.recordedAt, this.payload, this.prevHash, hash);
	}

	/** The entry's canonical JSON (RFC 8785), which its hash covers. */
	public String canonical() {
		return canonical(parse(this.payload));
	}

	/** The same, with the stored event already parsed. */
	String canonical(JsonNode event) {
		ObjectNode entry = JSON.createObjectNode();
		entry.put("tenantId", this.tenantId.toString());
		entry.put("seq", this.seq);
		entry.put("eventId", this.eventId.toString());
		entry.put("action", this.action);
		entry.put("source", this.source);
		ObjectNode actor = entry.putObject("actor");
		actor.put("type", this.actorType);
		actor.put("id", this.actorId);
		actor.put("ip", this.actorIp);
		entry.put("resourceType", this.resourceType);
		entry.put("resourceId", this.resourceId);
		entry.put("outcome", this.outcome.name());
		entry.put("occurredAt", this.occurredAt.toString());
		entry.put("recordedAt", this.recordedAt.toString());
		entry.set("event", event);
		return CanonicalJson.of(entry);
	}

	private static JsonNode parse(String json) {
		return JSON.readTree(json);
	}

	/** Whether the action succeeded, as far as the event tells. */
	public enum Outcome {

		SUCCESS, FAILURE

	}

}
