package io.tenantry.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code hash = SHA-256(previous hash || canonical JSON of the entry)}, hex encoded. */
public final class HashChain {

	/** The previous hash of a tenant's first entry. */
	public static final String GENESIS = "0".repeat(64);

	private HashChain() {
	}

	public static String link(String previousHash, String canonicalEntry) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
			sha256.update(canonicalEntry.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
