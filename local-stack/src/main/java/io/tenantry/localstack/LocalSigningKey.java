package io.tenantry.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The issuer's current signing key in a suite started here: read from user-service's
 * database and opened as user-service opens it (sealed {@code sealed:v1:}, AES-256-GCM under
 * a key derived from the master key for "signing-key", the kid as associated data), with the
 * master key user-service runs with locally, its default. For the tools that must sign tokens
 * as the issuer: the e2e tests (tokens wrong in exactly one way) and the benchmarks. Keep in
 * step with user-service's {@code SecretBox}.
 */
public final class LocalSigningKey {

	/** The master key user-service runs with when none is configured (local runs only). */
	public static final String LOCAL_MASTER_KEY = "bG9jYWwtb25seS1tYXN0ZXIta2V5LWRvLW5vdC11c2U=";

	private static final String SEALED = "sealed:v1:";

	private LocalSigningKey() {
	}

	/** The newest key not retired, from the database at {@code userServiceJdbcUrl}. */
	public static Key current(String userServiceJdbcUrl) throws SQLException, GeneralSecurityException {
		try (Connection db = DriverManager.getConnection(userServiceJdbcUrl, "postgres", "postgres");
				Statement statement = db.createStatement();
				ResultSet rs = statement.executeQuery("""
						select kid, public_key, private_key from signing_key where retired_at is null
						order by created_at desc limit 1""")) {
			if (!rs.next()) {
				throw new IllegalStateException("user-service has no signing key yet");
			}
			String kid = rs.getString("kid");
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			RSAPublicKey publicKey = (RSAPublicKey) rsa
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(rs.getString("public_key"))));
			RSAPrivateKey privateKey = (RSAPrivateKey) rsa
				.generatePrivate(new PKCS8EncodedKeySpec(pkcs8(kid, rs.getString("private_key"))));
			return new Key(kid, publicKey, privateKey);
		}
	}

	/** PKCS#8 of a stored private key, sealed or (written by an older version) plain. */
	static byte[] pkcs8(String kid, String stored) throws GeneralSecurityException {
		if (!stored.startsWith(SEALED)) {
			return Base64.getDecoder().decode(stored);
		}
		byte[] box = Base64.getDecoder().decode(stored.substring(SEALED.length()));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(LOCAL_MASTER_KEY), "HmacSHA256"));
		byte[] key = mac.doFinal("tenantry-platform:signing-key".getBytes(StandardCharsets.UTF_8));
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
				new GCMParameterSpec(128, Arrays.copyOfRange(box, 1, 13)));
		cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
		return cipher.doFinal(box, 13, box.length - 13);
	}

	/** A signing key: its id (the tokens' {@code kid}) and its pair. */
	public record Key(String kid, RSAPublicKey publicKey, RSAPrivateKey privateKey) {
	}

}
