package io.tenantry.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.tenantry.audit.chain.CanonicalJson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A signed statement that the tenant's entry {@code seq} had hash {@code hash} at
 * {@code createdAt}. The signature (Ed25519, base64url) covers the canonical JSON (RFC 8785)
 * of {@code tenantId}, {@code seq}, {@code hash} and {@code createdAt}; anyone holding the
 * public key of {@code kid} can check it offline.
 */
public record Checkpoint(UUID tenantId, long seq, String hash, Instant createdAt, String kid, String signature) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The bytes the signature covers. */
	public byte[] signedContent() {
		return signedContent(this.tenantId, this.seq, this.hash, this.createdAt);
	}

	static byte[] signedContent(UUID tenantId, long seq, String hash, Instant createdAt) {
		ObjectNode node = JSON.createObjectNode();
		node.put("tenantId", tenantId.toString());
		node.put("seq", seq);
		node.put("hash", hash);
		node.put("createdAt", createdAt.toString());
		return CanonicalJson.of(node).getBytes(StandardCharsets.UTF_8);
	}

}
