package io.tenantry.organization.org;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Invitation tokens: {@code inv_<tenant>_<secret>}, the tenant in the clear so that an
 * acceptance, which comes without an access token, is handled as that tenant (RLS), and
 * 256 random bits; only the SHA-256 of the whole token is stored.
 */
final class InvitationTokens {

	private static final String PREFIX = "inv_";

	private static final int TENANT_CHARS = 22;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private InvitationTokens() {
	}

	static String generate(UUID tenant) {
		ByteBuffer id = ByteBuffer.allocate(16).putLong(tenant.getMostSignificantBits())
			.putLong(tenant.getLeastSignificantBits());
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return PREFIX + B64.encodeToString(id.array()) + "_" + B64.encodeToString(secret);
	}

	static Optional<UUID> tenantOf(String token) {
		if (token == null || !token.startsWith(PREFIX)) {
			return Optional.empty();
		}
		// 16 bytes are 22 base64url characters, which may themselves hold an underscore
		String rest = token.substring(PREFIX.length());
		if (rest.length() <= TENANT_CHARS + 1 || rest.charAt(TENANT_CHARS) != '_') {
			return Optional.empty();
		}
		try {
			ByteBuffer id = ByteBuffer.wrap(Base64.getUrlDecoder().decode(rest.substring(0, TENANT_CHARS)));
			return Optional.of(new UUID(id.getLong(), id.getLong()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
