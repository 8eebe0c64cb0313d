package io.tenantry.user.token;

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
 * Opaque single-use secrets handed to clients (refresh tokens, reset and invitation
 * tokens, MFA challenges): a prefix naming the kind, then base64url of the tenant id and 32
 * random bytes. The tenant id lets the server look the token up under that tenant's RLS
 * policy; the 256 random bits are the secret. Only {@link #hash(String)} is ever stored.
 */
public final class OpaqueTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int SECRET_BYTES = 32;

	private OpaqueTokens() {
	}

	/** A new token of {@code kind} (letters only, e.g. {@code rt}) for {@code tenantId}. */
	public static String generate(String kind, UUID tenantId) {
		ByteBuffer bytes = ByteBuffer.allocate(16 + SECRET_BYTES);
		bytes.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
		byte[] secret = new byte[SECRET_BYTES];
		RANDOM.nextBytes(secret);
		bytes.put(secret);
		return kind + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

	/** The tenant a token of {@code kind} names, when it is well formed. */
	public static Optional<UUID> tenantOf(String kind, String token) {
		if (token == null || !token.startsWith(kind + "_") || token.length() > 200) {
			return Optional.empty();
		}
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(token.substring(kind.length() + 1));
			if (bytes.length != 16 + SECRET_BYTES) {
				return Optional.empty();
			}
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** What is stored instead of the token: its SHA-256, hex. */
	public static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
