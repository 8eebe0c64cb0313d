package io.tenantry.e2e;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Tokens an attacker might present. Those that need the issuer's real key (expired,
 * wrong issuer) read it from user-service's database, as an insider with a stolen key
 * would have it.
 */
final class Tokens {

	private Tokens() {
	}

	static JWTClaimsSet.Builder claims(UUID tenant, String issuer, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject(UUID.randomUUID().toString())
			.issueTime(Date.from(expiresAt.minusSeconds(600)))
			.expirationTime(Date.from(expiresAt))
			.claim("tid", tenant.toString())
			.claim("roles", List.of("PLATFORM_ADMIN"));
	}

	static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	static String unsigned(JWTClaimsSet claims) {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
	}

	/** A key of our own, posing as the issuer's (same kid). */
	static RSAKey foreignKey(String kid) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID(kid)
			.build();
	}

	/** The master key user-service runs with locally (its default, for local runs only). */
	static final String LOCAL_MASTER_KEY = "bG9jYWwtb25seS1tYXN0ZXIta2V5LWRvLW5vdC11c2U=";

	/**
	 * The issuer's current signing key, from user-service's database, opened with the master
	 * key as user-service does: whoever holds both can sign tokens, which is what these tests
	 * need to forge ones that are wrong in exactly one way.
	 */
	static RSAKey issuerKey() throws Exception {
		try (Connection db = DriverManager.getConnection(Suite.jdbcUrl("user_service"), "postgres", "postgres");
				Statement statement = db.createStatement();
				ResultSet rs = statement.executeQuery(
						"select kid, public_key, private_key from signing_key where retired_at is null order by created_at desc limit 1")) {
			rs.next();
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			Base64.Decoder b64 = Base64.getDecoder();
			return new RSAKey.Builder((RSAPublicKey) rsa
				.generatePublic(new X509EncodedKeySpec(b64.decode(rs.getString("public_key")))))
				.privateKey((RSAPrivateKey) rsa
					.generatePrivate(new PKCS8EncodedKeySpec(privateKey(rs.getString("kid"), rs.getString("private_key")))))
				.keyID(rs.getString("kid"))
				.build();
		}
	}

	/** PKCS#8 of a private key stored sealed ({@code sealed:v1:}, AES-256-GCM, the kid as associated data). */
	private static byte[] privateKey(String kid, String stored) throws Exception {
		String prefix = "sealed:v1:";
		if (!stored.startsWith(prefix)) {
			return Base64.getDecoder().decode(stored);
		}
		byte[] box = Base64.getDecoder().decode(stored.substring(prefix.length()));
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(LOCAL_MASTER_KEY), "HmacSHA256"));
		byte[] key = mac.doFinal("tenantry-platform:signing-key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
				new javax.crypto.spec.GCMParameterSpec(128, java.util.Arrays.copyOfRange(box, 1, 13)));
		cipher.updateAAD(kid.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return cipher.doFinal(box, 13, box.length - 13);
	}

}
