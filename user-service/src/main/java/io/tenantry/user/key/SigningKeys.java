package io.tenantry.user.key;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The issuer's signing keys, kept in the database so that a restart, or another instance,
 * signs and verifies with the same key. The first instance to start creates the key;
 * concurrent starts serialise on an advisory lock.
 */
@Component
public class SigningKeys implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private static final long CREATE_LOCK = 0x7e_4a_47_01L;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private volatile JWKSet keys;

	public SigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Loads (or creates) the key before the service reports ready, so it can sign at once. */
	@Override
	public void run(ApplicationArguments args) {
		jwkSet();
	}

	/** Every key not yet retired, newest first; the first one signs. */
	public JWKSet jwkSet() {
		JWKSet current = this.keys;
		if (current == null) {
			current = load();
			this.keys = current;
		}
		return current;
	}

	/** The key that signs new tokens. */
	public RSAKey current() {
		return (RSAKey) jwkSet().getKeys().get(0);
	}

	private synchronized JWKSet load() {
		if (this.keys != null) {
			return this.keys;
		}
		List<JWK> loaded = this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, CREATE_LOCK);
			List<JWK> existing = readActive();
			if (existing.isEmpty()) {
				insert(generate());
				existing = readActive();
			}
			return existing;
		});
		log.info("Signing with key {} ({} key(s) published)", loaded.get(0).getKeyID(), loaded.size());
		return new JWKSet(loaded);
	}

	private List<JWK> readActive() {
		return this.jdbc.query(
				"select kid, public_key, private_key from signing_key where retired_at is null order by created_at desc",
				(rs, row) -> toJwk(rs.getString("kid"), rs.getString("public_key"), rs.getString("private_key")));
	}

	private void insert(RSAKey key) {
		try {
			Base64.Encoder base64 = Base64.getEncoder();
			this.jdbc.update("insert into signing_key (kid, public_key, private_key) values (?, ?, ?)", key.getKeyID(),
					base64.encodeToString(key.toRSAPublicKey().getEncoded()),
					base64.encodeToString(key.toRSAPrivateKey().getEncoded()));
			log.info("Created signing key {}", key.getKeyID());
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException("Cannot encode signing key", ex);
		}
	}

	static RSAKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.keyUse(KeyUse.SIGNATURE)
				.build();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate signing key", ex);
		}
	}

	private static JWK toJwk(String kid, String publicKey, String privateKey) {
		try {
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			Base64.Decoder base64 = Base64.getDecoder();
			RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(base64.decode(publicKey)));
			RSAPrivateKey priv = (RSAPrivateKey) rsa
				.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(privateKey)));
			return new RSAKey.Builder(pub).privateKey(priv).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Stored signing key " + kid + " cannot be read", ex);
		}
	}

}
