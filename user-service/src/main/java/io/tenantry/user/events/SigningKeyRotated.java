package io.tenantry.user.events;

import java.time.Instant;

/** The issuer signs with a new key; the previous one stays published until {@code previousRetiresAt}. Published in the platform tenant. Subject: the new key id. Topic {@code tenantry.user.v1}. */
public record SigningKeyRotated(String kid, String previousKid, Instant previousRetiresAt, String trigger) {

	public static final String TYPE = "io.tenantry.auth.signing-key-rotated.v1";

}
